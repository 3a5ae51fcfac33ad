"""After the crisis — stages 5 and 6 of the method: learn from the crisis, rebuild the image.

- ``models``  the records: review sections, action items, recovery plan items, comment batches;
- ``facts``   the post-incident review's figures, computed from what the store knows;
- ``trust``   trust tracking from fan comments imported week by week;
- ``plan``    the recovery plan drafted from the scenario templates (data in ``data/``);
- ``checks``  the recovery plan's guardrails (rules as data in ``data/recovery_rules.yaml``);
- ``charts``  chart data, and PNG images (matplotlib) for Word and PDF;
- ``report``  the report: Markdown, Word and PDF, in the incident's language.

Pure domain code: it reads records handed in and never opens the store itself; the
service layer (``assistant.services.recovery``) does that.
"""
