"""Machine-readable output. The field names are a contract: extra fields may be added, never renamed."""

from __future__ import annotations

from .base import Reporter, by_code, finding_dict


class JsonReporter(Reporter):
    description = "one JSON document (version 1)"

    def render(self, result) -> str:
        import json  # here, not at the top: a run in another format does not pay for importing it

        payload = {
            "version": 1,
            "files": [
                {"path": r.path, "stats": r.stats, "findings": [finding_dict(f) for f in r.findings],
                 "fixed": [finding_dict(f) for f in r.fixed]}
                for r in result.files
            ],
            "errors": [
                {"path": e["path"], "code": e["code"], "message": e["message"]}
                for e in [*result.errors, *(e for r in result.files for e in r.errors)]
            ],
            "summary": {"files": len(result.files), "findings": len(result.findings), "by_code": by_code(result)},
        }
        if result.baseline is not None:
            payload["summary"]["hidden_by_baseline"] = result.hidden
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
