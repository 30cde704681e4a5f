#!/usr/bin/env bash
# Build the documentation site (tools/build_docs.sh: strict, offline) and check that it holds what it should:
# a page per module and per filter with its options, the role's page from meta/argument_specs.yml, the guides, the transition
# table rendered from the code, the links of docs/docsite/links.yml and resolved references to docs.ansible.com.
# Exits non-zero on any difference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build_docs.sh >/dev/null
"$root/.venv/bin/python" - <<'PY'
import pathlib, re, sys, html
import yaml

root = pathlib.Path.cwd()
site = root / "build" / "docsite"
problems = []


def page(relative):
    path = site / relative
    if not path.is_file():
        problems.append(f"missing {path}")
        return ""
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def raw(relative):
    path = site / relative
    return path.read_text(encoding="utf-8") if path.is_file() else ""


index = page("index.html")
for module in sorted(p.stem for p in (root / "plugins" / "modules").glob("*.py") if not p.stem.startswith("_")):
    text = page(f"{module}_module.html")
    found = re.search(r'DOCUMENTATION = r?"""(.*?)"""|DOCUMENTATION = r?\'\'\'(.*?)\'\'\'',
                      (root / "plugins" / "modules" / f"{module}.py").read_text(), re.S)
    options = yaml.safe_load(found.group(1) or found.group(2))["options"]
    if not options:
        problems.append(f"{module}: no options found in its DOCUMENTATION")
    for option in options:
        if option not in text:
            problems.append(f"{module}_module.html does not show the option {option}")
    if f"fujitsu.eternus.{module}" not in index:
        problems.append(f"index.html does not list fujitsu.eternus.{module}")

for doc in sorted((root / "plugins" / "filter").glob("*.yml")):
    text = page(f"{doc.stem}_filter.html")
    for option in yaml.safe_load(doc.read_text())["DOCUMENTATION"]["options"]:
        if option != "_input" and option not in text:
            problems.append(f"{doc.stem}_filter.html does not show the option {option}")
    if f"fujitsu.eternus.{doc.stem}" not in index:
        problems.append(f"index.html does not list fujitsu.eternus.{doc.stem}")

for role_name in sorted(p.name for p in (root / "roles").iterdir() if (p / "meta" / "argument_specs.yml").is_file()):
    role = page(f"{role_name}_role.html")
    specs = yaml.safe_load((root / "roles" / role_name / "meta" / "argument_specs.yml").read_text())
    for option in specs["argument_specs"]["main"]["options"]:
        if option not in role:
            problems.append(f"{role_name}_role.html does not show {option}")

runbook = page("docsite/dr_runbook.html")
for heading in ("Planned or unplanned?", "What a forced suspend throws away", "Run it from AWX / Automation Platform",
                "Fail back and switch back"):
    if heading not in runbook:
        problems.append(f"docsite/dr_runbook.html lacks the section {heading!r}")

sys.path.insert(0, str(root / "build" / "docsite-collections"))
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import tables  # noqa: E402

transitions = page("docsite/rec_transitions.html")
for transition in tables.SUSPEND_TRANSITIONS:
    # Sphinx turns "..." into an ellipsis character.
    flat = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", " ".join(transitions.split()))).replace("\u2026", "...")
    if f"{transition.session_state} ({transition.category})" not in flat:
        problems.append(f"docsite/rec_transitions.html lacks the row {transition.category}")

if "<svg" not in raw("docsite/rec_transitions.html"):
    problems.append("docsite/rec_transitions.html does not show the state diagram")


flat_transitions = " ".join(transitions.split())
for table in (tables.RESUME_TRANSITIONS, tables.REVERSE_TRANSITIONS):
    for transition in table:
        if transition.category not in flat_transitions:
            problems.append(f"docsite/rec_transitions.html lacks the resume/reverse row {transition.category}")

links = yaml.safe_load((root / "docs" / "docsite" / "links.yml").read_text())
index_html = raw("index.html")
for link in links["extra_links"]:
    if f'href="{link["url"]}"' not in index_html:
        problems.append(f"index.html lacks the link {link['url']}")
edit = "https://github.com/%s/edit/%s/" % (links["edit_on_github"]["repository"], links["edit_on_github"]["branch"])
if edit not in raw("rec_session_suspend_module.html"):
    problems.append(f"rec_session_suspend_module.html has no edit-on-GitHub link ({edit}...)")
if 'href="https://docs.ansible.com/projects/ansible/devel/reference_appendices/common_return_values.html' \
        not in raw("rec_session_suspend_module.html"):
    problems.append("rec_session_suspend_module.html does not link the common return values on docs.ansible.com")

if problems:
    sys.exit("FAIL:\n  " + "\n  ".join(problems))
print("PASS: docs site in build/docsite with every module, the role, the guides and the links")
PY
