"""JUnit XML: one test case per file, a failure per finding, for CI dashboards."""

from __future__ import annotations

from .base import Reporter


class JunitReporter(Reporter):
    description = "JUnit XML, one test case per file"

    def render(self, result) -> str:
        import xml.etree.ElementTree as ET  # here: a run in another format does not pay for importing it

        threshold = self.options.fail_on.rank

        def failing_findings(file):
            return [f for f in file.findings if f.severity.rank >= threshold]

        # a file that could not be checked (unreadable, a rule crashed) is an error, not a failure
        erroring = sum(1 for r in result.files if r.errors)
        failing = sum(1 for r in result.files if failing_findings(r) and not r.errors)
        suite = ET.Element("testsuite", name="newslint", tests=str(len(result.files) + len(result.errors)),
                           failures=str(failing), errors=str(erroring + len(result.errors)))
        for file in result.files:
            case = ET.SubElement(suite, "testcase", classname="newslint", name=file.path)
            failures = failing_findings(file)
            if file.errors:
                first = file.errors[0]
                err = ET.SubElement(case, "error", message=first["message"], type=first["code"])
                err.text = "\n".join(_line(f) for f in failures) or first["message"]
            elif failures:
                count = f"{len(failures)} finding" + ("" if len(failures) == 1 else "s")
                failure = ET.SubElement(case, "failure", message=count, type="newslint")
                failure.text = "\n".join(_line(f) for f in failures)
            below = [f for f in file.findings if f not in failures]
            if below:
                ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in below)
        for e in result.errors:
            case = ET.SubElement(suite, "testcase", classname="newslint", name=e["path"])
            err = ET.SubElement(case, "error", message=e["message"], type=e["code"])
            err.text = e["message"]
        root = ET.Element("testsuites")
        root.append(suite)
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _line(f) -> str:
    return f"{f.path}:{f.start.line}:{f.start.column}: {f.code} [{f.severity.value}] {f.message}"
