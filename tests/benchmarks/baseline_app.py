"""A minimal Textual app to measure against: a list and a text pane.

The benchmark runs it in the same pseudo-terminal set-up as the reader, so the
reader's figures are read as ratios to what Textual itself costs here.
"""

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static

TITLES = [
    "让脱贫群众生活更上一层楼",
    "洛阳光电元器件产业集群再添发展动能",
    "以新气象新作为推动高质量发展取得新成效",
    "提升统战工作质效 凝聚同心奋进力量",
    "踔厉奋发向未来 精“绣”洛城新画卷",
]
TEXT = "BASELINE 大雪飘落,河洛山乡银装素裹。宜阳县韩城镇朱家沟村,“雪被”笼罩下的金丝皇菊蓄积着丰收的希望。\n\n" * 30


class Baseline(App[None]):
    CSS = "OptionList { width: 34; height: 1fr; } VerticalScroll { width: 1fr; }"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(*TITLES)
            with VerticalScroll():
                yield Static(TEXT)
        yield Footer()


if __name__ == "__main__":
    Baseline().run()
