"""The service layer: the only place that scans and stores.

UI pages and CLI commands call these functions; they call drafting, replies and export
(the feature packages), the guardrails, the back ends and the store. One module per use
case: ``scanning`` (every scan, cached by hash), ``drafting`` (draft a statement),
``drafts`` (draft and save, save a version, submit, review, publish), ``replies`` (answer
fans), ``exports`` (export a stored version or a text); ``prepare``, ``drills``, ``ads`` and ``recovery`` for
the stages before and after the crisis.
"""
