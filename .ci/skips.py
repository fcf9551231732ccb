#!/usr/bin/env python3
"""The expected-skip check of a lane: compares the skipped tests of JUnit XML reports with the
lane's list of expected skips (.ci/expected-skips/<lane>.txt).

    .ci/skips.py check LANE RUN=DIR [RUN=DIR ...]    # exit 1 when the skips differ from the list
    .ci/skips.py write LANE RUN=DIR [RUN=DIR ...]    # rewrites the list from the reports
    .ci/skips.py markdown                            # the README's table of every lane's expected skips

RUN names a test run (a surefire execution, a launcher run); DIR holds its TEST-*.xml reports (a
DIR without reports fails the check: a run that reported nothing is no run). A skip's id is RUN/CLASS#TEST as
the XML names them; a class aborted as a whole (in @BeforeAll, or every test of it) is one id,
RUN/CLASS#*, however many tests it has; a class that aborted in @BeforeAll, which surefire reports with
no test case at all, is RUN/CLASS#(class) and counts as one skip. The list holds one skip a line, "id<TAB>reason", '#' starts a
comment; `write` keeps a listed reason and takes a new skip's reason from the report (its first
line). `check` prints the number of skipped test cases (last line: "SKIPS n") and exactly what differs: each new skip with its reason,
each expected skip that no longer happens; it fails when either exists or when a report holds no
test at all.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

PREFIXES = ("parent was skipped: ", "org.opentest4j.TestAbortedException: Assumption failed: ",
            "org.opentest4j.TestAbortedException: ", "Assumption failed: ")


def reason_of(skipped):
    text = skipped.get("message") or (skipped.text or "")
    text = text.strip().splitlines()[0] if text.strip() else "(no reason given)"
    for p in PREFIXES:
        if text.startswith(p):
            text = text[len(p):]
    text = re.sub(r"\s+", " ", text).strip()
    return text[:300]


def read_reports(runs):
    """{id: reason} of every skip, and the number of test cases, over all runs."""
    skips, cases, skipped_cases, missing = {}, 0, 0, []
    for run, directory in runs:
        files = sorted(glob.glob(os.path.join(directory, "TEST-*.xml")))
        if not files:
            missing.append(run)
            print(f"skips: MISSING RUN {run}: no TEST-*.xml in {directory} (the run did not happen or"
                  f" reported nothing; its expected skips are listed as no longer skipped)")
            continue
        per_class = {}
        for f in files:
            root = ET.parse(f).getroot()
            name = root.get("name") or ""
            if root.tag == "testsuite" and root.find("testcase") is None and "." in name and " " not in name:
                # surefire's report of a class that aborted in @BeforeAll: no test case at all
                skips[f"{run}/{name}#(class)"] = "(no test ran: the class aborted before its tests)"
                skipped_cases += 1
                continue
            for tc in root.iter("testcase"):
                cases += 1
                cls = tc.get("classname") or root.get("name") or "?"
                name = tc.get("name") or ""
                sk = tc.find("skipped")
                entry = per_class.setdefault(cls, [0, []])
                entry[0] += 1
                if sk is not None:
                    skipped_cases += 1
                    entry[1].append((name, reason_of(sk)))
        for cls, (total, skipped) in per_class.items():
            reasons = {r for _, r in skipped}
            if total > 1 and len(skipped) == total and len(reasons) == 1:
                skips[f"{run}/{cls}#*"] = reasons.pop()
            else:
                for name, reason in skipped:
                    skips[f"{run}/{cls}#{name}"] = reason
    return skips, cases, skipped_cases, missing


def read_list(path):
    expected = {}
    if not os.path.exists(path):
        return expected
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            test_id, _, reason = line.partition("\t")
            expected[test_id.strip()] = reason.strip()
    return expected


def markdown():
    """Rows of the README's table: one per (class, reason), the tests and the lanes that skip them."""
    directory = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected-skips")
    rows = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".txt"):
            continue
        lane = name[:-4]
        for test_id, reason in read_list(os.path.join(directory, name)).items():
            run, _, rest = test_id.partition("/")
            cls, _, test = rest.partition("#")
            test = re.sub(r"\(.*?\)(\[\d+\])?$", lambda m: m.group(1) or "", test)
            key = (cls.rsplit(".", 1)[-1], reason)
            tests, lanes = rows.setdefault(key, (set(), set()))
            tests.add("all" if test in ("*", "") else test)
            lanes.add(lane)
    print("| lanes | test class | tests | reason |")
    print("|---|---|---|---|")
    for (cls, reason), (tests, lanes) in sorted(rows.items()):
        shown = ", ".join(sorted(tests)) if len(tests) <= 3 else f"{len(tests)} tests"
        print(f"| {', '.join(sorted(lanes))} | `{cls}` | {shown} | {reason.replace('|', '/')} |")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "markdown":
        return markdown()
    if len(argv) < 4 or argv[1] not in ("check", "write"):
        raise SystemExit(__doc__)
    mode, lane = argv[1], argv[2]
    runs = []
    for arg in argv[3:]:
        run, sep, directory = arg.partition("=")
        if not sep:
            raise SystemExit(f"skips: expected RUN=DIR, got {arg}")
        runs.append((run, directory))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected-skips", lane + ".txt")
    skips, cases, skipped_cases, missing = read_reports(runs)
    expected = read_list(path)
    if mode == "write":
        if missing:
            raise SystemExit(f"skips: not writing {path}: no reports of {', '.join(missing)}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# Expected skips of the {lane} lane: id<TAB>reason, checked by .ci/skips.py against the\n"
                    f"# lane's JUnit XML (a new skip or one that no longer happens fails the lane).\n"
                    f"# Regenerate: .ci/skips.py write {lane} " + " ".join(f"{r}=DIR" for r, _ in runs) + "\n")
            for test_id in sorted(skips):
                f.write(f"{test_id}\t{expected.get(test_id) or skips[test_id]}\n")
        print(f"skips: wrote {len(skips)} expected skips of {lane} to {path}")
        return 0
    new = sorted(set(skips) - set(expected))
    gone = sorted(set(expected) - set(skips))
    for test_id in new:
        print(f"skips: NEW SKIP {test_id}\t{skips[test_id]}")
    for test_id in gone:
        print(f"skips: NO LONGER SKIPPED {test_id}\t(expected: {expected[test_id]})")
    ok = not new and not gone and not missing and cases > 0
    print(f"skips: {lane}: {skipped_cases} of {cases} test cases skipped ({len(skips)} ids), {len(expected)} expected, "
          f"{len(new)} new, {len(gone)} no longer skipped: {'OK' if ok else 'DIFFERS'} ({path})")
    print(f"SKIPS {skipped_cases}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
