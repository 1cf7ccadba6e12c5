"""Every text curriculum shows is in the catalogue (issue 18 item 10)."""
import ast
from pathlib import Path

from django.utils import translation

from curriculum import selectors, services

APP = Path(selectors.__file__).resolve().parent


def test_the_heat_map_names_itself_in_the_reader_s_language():
    with translation.override("zh-hans"):
        assert 'aria-label="能力覆盖热力图"' in selectors.coverage_heatmap_svg([], ([], {}, False))
    with translation.override("en"):
        assert 'aria-label="Competency coverage heat map"' in selectors.coverage_heatmap_svg([], ([], {}, False))


def test_names_are_listed_with_the_language_s_separator():
    with translation.override("zh-hans"):
        assert services.listed(["张三", "李四"]) == "张三、李四"
    with translation.override("en"):
        assert services.listed(["Ann", "Bo"]) == "Ann, Bo"


def test_no_gettext_call_hides_inside_an_f_string():
    """makemessages (xgettext) does not look inside f-strings: such a text never reaches the catalogue."""
    hidden = []
    for path in APP.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") in (
                            "_", "gettext", "gettext_lazy", "pgettext", "ngettext"):
                        hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []
