"""Validates Argo Workflow manifests offline against Argo Workflows' own schema, as hera
(PyPI) ships it: pydantic models generated from the JSON schema of an Argo Workflows
release (the `filename:` in hera's generated models names which). Every field is parsed
with its type, required fields must be there, and a field the schema does not have is an
error (the models would silently drop it: each document is compared with its parsed
form, written back).

    python argo_validate.py FILE...      exit 0 when every file is valid, 1 otherwise
"""

import inspect
import re
import sys

import yaml
from hera.workflows.models import Workflow
from pydantic import ValidationError


def unknown_fields(original, parsed, path="$"):
    """The paths of keys in ORIGINAL that did not survive parsing."""
    if isinstance(original, dict) and isinstance(parsed, dict):
        for key, value in original.items():
            if key not in parsed:
                yield f"{path}.{key}"
            else:
                yield from unknown_fields(value, parsed[key], f"{path}.{key}")
    elif isinstance(original, list) and isinstance(parsed, list):
        for index, (left, right) in enumerate(zip(original, parsed)):
            yield from unknown_fields(left, right, f"{path}[{index}]")


source = inspect.getsource(sys.modules[Workflow.__module__])
schema = re.search(r"filename:\s+(\S+)", source).group(1)
failures = 0
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as file:
        document = yaml.safe_load(file)
    try:
        found = (document.get("kind"), document.get("apiVersion"))
        if found != ("Workflow", "argoproj.io/v1alpha1"):
            raise ValueError(f"expected kind Workflow, apiVersion argoproj.io/v1alpha1, found {found[0]} {found[1]}")
        parsed = Workflow.model_validate(document).model_dump(by_alias=True, exclude_unset=True, mode="json")
        extra = list(unknown_fields(document, parsed))
        if extra:
            raise ValueError("fields the schema does not have: " + ", ".join(extra))
    except (ValidationError, ValueError) as error:
        failures += 1
        print(f"{name}: error: not a valid Argo Workflow ({schema}): {error}")
    else:
        print(f"{name}: valid Argo Workflow ({schema})")
sys.exit(1 if failures else 0)
