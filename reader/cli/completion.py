"""Shell completion scripts, made from the command line's own parsers.

One bash function serves both shells: bash runs it with ``complete -F``, zsh
through its ``bashcompinit`` layer. It reads the words with the arguments bash
passes (the word being completed and the one before), and walks
``COMP_WORDS`` without indexing it, so zsh's arrays (which count from 1) mean
the same. Candidates are read into ``COMPREPLY`` a line at a time, never
through an unquoted ``$(...)``, which would expand a name such as
``要闻[1].md`` as a pattern; hidden files and folders (``.git``) are offered
only for a word that starts with a dot, as the reader skips them. Nothing runs
Python at a tab press.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterable

from reader.cli.reference import SHELLS
from reader.text.sources import ISSUE_SUFFIXES

FUNCTION = "_luoyang_reader"
ADD = "_luoyang_reader_add"  # reads candidates, one a line, into COMPREPLY


def _words(words: Iterable[str]) -> str:
    """A word list for ``compgen -W``, one word a line (the function splits on newlines only,
    so that file names with spaces stay whole)."""
    return "$'" + "\\n".join(words) + "'"


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [flag for action in parser._actions for flag in action.option_strings]


def _value_cases(command: str, parser: argparse.ArgumentParser) -> list[str]:
    """``case`` branches for the options that take a value: its choices, a
    directory, or nothing to offer (a number, an id)."""
    cases: list[str] = []
    for action in parser._actions:
        if not action.option_strings or action.nargs == 0:
            continue
        if action.choices:
            reply = f'{ADD} < <(compgen -W {_words(str(c) for c in action.choices)} -- "$cur")'
        elif action.metavar == "DIR":
            reply = f'{ADD} < <(compgen -d -- "$cur")'
        else:
            reply = "COMPREPLY=()"
        patterns = "|".join(f"{shlex.quote(command)}:{flag}" for flag in action.option_strings)
        cases.append(f"        {patterns}) {reply}; return 0 ;;")
    return cases


def script(shell: str, parsers: dict[str, argparse.ArgumentParser], prog: str) -> str:
    """The completion script for ``shell`` ("bash" or "zsh"); ``parsers`` maps
    each command to its parser, ``""`` to the one that opens the reader."""
    commands = [name for name in parsers if name]
    value_cases = [case for name, parser in parsers.items() for case in _value_cases(name, parser)]
    option_cases = [
        f"        {shlex.quote(name)}) opts={_words(_options(parser))} ;;"
        for name, parser in parsers.items()
    ]
    names = "|".join(commands)
    files = "; ".join(f"compgen -f -X '!*{suffix}' -- \"$cur\"" for suffix in ISSUE_SUFFIXES)  # issue files only
    body = f"""# Candidates one a line into COMPREPLY, as they are (no pattern expansion), once
# each; a hidden name only when the word being completed starts with a dot.
{ADD}() {{
    local line seen=$'\\n' hidden=
    [[ ${{cur##*/}} == .* ]] && hidden=1
    while IFS= read -r line; do
        [[ -z $line ]] && continue
        [[ -z $hidden && ${{line##*/}} == .* ]] && continue
        [[ $seen == *$'\\n'"$line"$'\\n'* ]] && continue
        seen+="$line"$'\\n'
        COMPREPLY+=("$line")
    done
}}
{FUNCTION}() {{
    local cur=$2 prev=$3 command= opts word position=0 IFS=$'\\n'
    COMPREPLY=()
    # The command is the word after the program's name, once there is a word after it.
    if (( COMP_CWORD > 1 )); then
        for word in "${{COMP_WORDS[@]}}"; do
            if (( position == 1 )); then command=$word; break; fi
            position=$((position + 1))
        done
    fi
    case "$command" in
        {names}) ;;
        *) command= ;;
    esac
    case "$command:$prev" in
{chr(10).join(value_cases)}
    esac
    case "$command" in
{chr(10).join(option_cases)}
    esac
    if [[ "$cur" == -* ]]; then
        {ADD} < <(compgen -W "$opts" -- "$cur")
    elif [[ "$command" == completion ]]; then
        {ADD} < <(compgen -W {_words(SHELLS)} -- "$cur")
    elif [[ "$command" == manpage || "$command" == bookmarks ]]; then
        COMPREPLY=()
    else
        # SourceFile files and the folders that hold them; the commands too, in first place.
        {ADD} < <(compgen -d -- "$cur"; {files})
        if (( COMP_CWORD == 1 )); then
            {ADD} < <(compgen -W {_words(commands)} -- "$cur")
        fi
    fi
    return 0
}}
complete -o filenames -F {FUNCTION} {prog}
"""
    if shell == "bash":
        return f"# bash completion for {prog}: made by '{prog} completion bash'.\n{body}"
    return (
        f"# zsh completion for {prog}: made by '{prog} completion zsh'. It runs the bash\n"
        f"# function below through zsh's bashcompinit; load it from ~/.zshrc after compinit.\n"
        "autoload -U +X bashcompinit && bashcompinit\n"
        f"{body}"
    )
