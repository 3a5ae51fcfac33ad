"""Advertising compliance (issue 18): the advertising-deal record a KOL keeps for each
sponsored campaign, the readiness checklist a post must pass, the evidence a product-harm
incident sees, and the record's Word/PDF export. The post check itself is the guardrails'
scan kind ``sponsored_post`` (``guardrails.ads``)."""
