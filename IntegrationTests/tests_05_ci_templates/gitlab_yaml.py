"""GitLab CI component inputs, shared by gitlab_component.py and run_steps.py.

GitLab interpolates `$[[ inputs.NAME ]]` in the parsed YAML of a component's jobs: a
string that is one `$[[ ]]` alone takes the input's value (and its type); otherwise the
value is spliced into the string. `interpolate(node, values)` does the same to a parsed
document, `INPUT` matches one reference and captures the input's name.
"""
import re

INPUT = re.compile(r"\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]")


def interpolate(node, values):
    """The parsed YAML `node` with every input reference replaced from `values`."""
    if isinstance(node, dict):
        return {interpolate(k, values): interpolate(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [interpolate(v, values) for v in node]
    if isinstance(node, str):
        whole = INPUT.fullmatch(node.strip())
        if whole:
            return values[whole.group(1)]
        return INPUT.sub(lambda m: str(values[m.group(1)]), node)
    return node
