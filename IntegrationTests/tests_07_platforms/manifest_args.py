"""Prints the mlgate container's arguments from a Job or Argo Workflow manifest, one per
line, with /project and /reports replaced by local folders and Argo's
{{workflow.name}} by a name, so that the same command can run here.

    python manifest_args.py MANIFEST PROJECT_DIR REPORTS_DIR
"""

import sys

import yaml

manifest, project, reports = sys.argv[1:4]
with open(manifest, encoding="utf-8") as file:
    document = yaml.safe_load(file)
if document["kind"] == "Job":
    (container,) = document["spec"]["template"]["spec"]["containers"]
else:
    (container,) = [t["container"] for t in document["spec"]["templates"] if t["name"] == "mlgate-check"]
for argument in container["args"]:
    argument = argument.replace("/project/", project + "/").replace("/reports/", reports + "/")
    print(argument.replace("{{workflow.name}}", "gated-deploy-test"))
