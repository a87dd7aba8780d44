# Run at build time (cmake -P): writes OUTPUT, golive's man page (roff), from
# the --help text of GOLIVE and of each of its commands, found by walking the
# "Subcommands:" lists, so that the page documents exactly what the binary
# accepts. The help texts go in verbatim (.nf) blocks, escaped for roff.

function(help_of out)
  execute_process(COMMAND "${GOLIVE}" ${ARGN} --help
                  OUTPUT_VARIABLE text RESULT_VARIABLE failed ERROR_VARIABLE error)
  if(failed)
    message(FATAL_ERROR "golive ${ARGN} --help failed (${failed}): ${error}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The command names listed under "Subcommands:" (CLI11's help layout: two
# spaces, the name, its description).
function(subcommands_of text out)
  set(names "")
  string(FIND "${text}" "Subcommands:\n" at)
  if(NOT at EQUAL -1)
    string(SUBSTRING "${text}" ${at} -1 tail)
    string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*" found "${tail}")
    foreach(entry IN LISTS found)
      string(STRIP "${entry}" name)
      list(APPEND names "${name}")
    endforeach()
  endif()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# Text shown as is: backslashes, leading control characters and hyphens
# escaped (so that --options copy and paste from the rendered page).
function(verbatim text out)
  string(REPLACE "\\" "\\e" text "\n${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "${text}")
  string(STRIP "${text}" text)
  set(${out} ".nf\n${text}\n.fi\n" PARENT_SCOPE)
endfunction()

help_of(top)
subcommands_of("${top}" commands)
if(NOT commands)
  message(FATAL_ERROR "golive --help lists no commands: has CLI11's help layout changed?")
endif()
string(TIMESTAMP date "%Y-%m-%d" UTC)

verbatim("${top}" description)
set(page ".TH GOLIVE 1 \"${date}\" \"golive ${VERSION}\" \"User Commands\"
.SH NAME
golive \\- deployment\\-readiness auditor: GO, CONDITIONAL GO or NO\\-GO before a production go\\-live
.SH SYNOPSIS
.B golive
.I COMMAND
.RI [ OPTIONS ]
.SH DESCRIPTION
golive probes an environment (Azure, Kubernetes, PostgreSQL, Redis, Traefik, Odoo), runs
readiness rules in six domains over what it found, and renders a scored decision with the
evidence behind every finding.
${description}.SH COMMANDS
")
foreach(command IN LISTS commands)
  help_of(text ${command})
  verbatim("${text}" block)
  string(APPEND page ".SS golive ${command}\n${block}")
  subcommands_of("${text}" nested)
  foreach(sub IN LISTS nested)
    help_of(text ${command} ${sub})
    verbatim("${text}" block)
    string(APPEND page ".SS golive ${command} ${sub}\n${block}")
  endforeach()
endforeach()
string(APPEND page ".SH EXIT STATUS
Each command's help above lists the codes it returns. For \\fBaudit\\fR and \\fBevaluate\\fR:
0 GO (or CONDITIONAL GO without \\-\\-fail\\-on), 1 NO\\-GO, 2 invalid usage or input (nothing
evaluated), 3 NO\\-GO only because blocking checks could not be verified. Any other code is a bug.
.SH FILES
.TP
.I /usr/share/golive/schemas/
JSON Schemas of rule files and of the result document.
.TP
.I /usr/share/doc/golive/
README, the documentation (docs/) and examples (golive.yaml, waivers, CI pipelines, the
retail demo environment).
.SH SEE ALSO
/usr/share/doc/golive/docs/cli.md, configuration.md, rule\\-authoring.md, report\\-formats.md
")
file(WRITE "${OUTPUT}" "${page}")
