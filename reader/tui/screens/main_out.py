"""Getting text out of the main screen: copy (OSC 52) and pipe to a command."""

from __future__ import annotations

import os

from textual.app import App

from reader.core.i18n import _
from reader.core.safe_text import clean_line
from reader.session.export import article_text
from reader.tui.screens.main_base import MainBase


def pipe_text(app: App[object], command: str, text: str) -> str:
    """Run ``command`` through the shell with ``text`` on its stdin, the app
    suspended meanwhile (a pager gets the terminal); what to say after."""
    import subprocess

    from textual.app import SuspendNotSupported

    try:
        with app.suspend():
            done = subprocess.run(command, shell=True, input=text.encode("utf-8"), check=False)
    except SuspendNotSupported:
        return _("This terminal cannot hand itself to another program")
    except OSError as err:
        return _("Cannot run {command}: {error}").format(command=command, error=err.strerror or err)
    if done.returncode:
        return _("{command} ended with status {status}").format(command=command, status=done.returncode)
    return _("Piped to {command}").format(command=command)


class TextOutActions(MainBase):
    """Copy and pipe the open article."""

    def action_copy_article(self) -> None:
        """Copy the article as plain text to the terminal's clipboard (OSC 52:
        works over SSH, and in tmux with ``set-clipboard on``)."""
        if self.session.current is not None:
            article = self.session.current[1]
            self.app.copy_to_clipboard(article_text(article))
            self.say(_("Copied: {title} (to the terminal's clipboard)").format(title=article.display_title))

    def action_copy_title(self) -> None:
        """Copy the article's title and its issue's file."""
        if self.session.current is not None:
            issue, article = self.session.current
            self.app.copy_to_clipboard(clean_line(f"{article.display_title}\t{issue.source}"))
            self.say(_("Copied the title and source of: {title}").format(title=article.display_title))

    def action_pipe_article(self) -> None:
        """Ask for a command (default ``$PAGER``, else ``less``) and give it the article as plain text."""
        from reader.tui.screens.prompt import LinePrompt

        if self.session.current is None:
            return
        article = self.session.current[1]

        def run(command: str | None) -> None:
            if command:
                self.say(pipe_text(self.app, command, article_text(article)))

        default = clean_line(os.environ.get("PAGER") or "less")  # shown to be run: through the sanitiser
        self.app.push_screen(LinePrompt(_("Pipe the article to:"), _("a shell command; Enter runs it, Esc cancels"),
                                        default, max_length=1000), run)
