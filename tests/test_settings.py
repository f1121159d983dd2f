import pytest

from noinherit_lint import settings as s


@pytest.fixture(autouse=True)
def _fresh_caches():
    s.clear_caches()
    yield
    s.clear_caches()


@pytest.mark.parametrize(
    "spec, expected",
    [
        (">=3.8", (3, 8)),
        (">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*", (2, 7)),
        ("!=2.*, >=2.6", (3, 0)),
        ("~=3.6", (3, 6)),
        ("==3.11.*", (3, 11)),
        (">3.7", (3, 7)),
        ("<3.5,>=2.6", (2, 6)),
        (">=3", (3, 0)),
        ("not a spec", None),
    ],
)
def test_min_python_from_specifier(spec, expected):
    assert s.min_python_from_specifier(spec) == expected


def test_defaults_without_project(tmp_path):
    settings = s.build_settings(str(tmp_path / "a.py"))
    assert settings.min_python == (2, 7)
    assert settings.min_python_assumed
    assert settings.platforms == {"linux", "macos", "windows"}
    assert settings.scope == "module"


def test_requires_python_then_tool_table_then_option(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.6"\n')
    (tmp_path / "pkg").mkdir()
    target = str(tmp_path / "pkg" / "m.py")
    assert s.build_settings(target).min_python == (3, 6)
    s.clear_caches()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nrequires-python = ">=3.6"\n[tool.noinherit]\nmin-python = "2.7"\nscope = "always"\n'
    )
    settings = s.build_settings(target)
    assert (settings.min_python, settings.scope) == ((2, 7), "always")
    assert s.build_settings(target, min_python="3.9").min_python == (3, 9)


def test_setup_cfg_and_setup_py(tmp_path):
    (tmp_path / "setup.cfg").write_text("[options]\npython_requires = >=3.5\n")
    assert s.build_settings(str(tmp_path / "m.py")).min_python == (3, 5)
    s.clear_caches()
    (tmp_path / "setup.cfg").unlink()
    (tmp_path / "setup.py").write_text(
        "import sys\nsys.exit('must not run')\nsetup(name='x', python_requires='>=3.7')\n"
    )
    settings = s.build_settings(str(tmp_path / "m.py"))
    assert settings.min_python == (3, 7)
    assert "setup.py" in settings.min_python_source


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_python": "three"}, "--nih-min-python: expected a version like 2.7 or 3.8, got 'three'"),
        ({"platforms": "linux,beos"}, "--nih-platforms: expected a comma-separated subset"),
        ({"scope": "sometimes"}, "--nih-scope: expected 'module' or 'always', got 'sometimes'"),
    ],
)
def test_bad_values_name_the_option(tmp_path, kwargs, message):
    names = {"min-python": "--nih-min-python", "platforms": "--nih-platforms", "scope": "--nih-scope"}
    with pytest.raises(s.SettingsError) as info:
        s.build_settings(str(tmp_path / "m.py"), option_names=names, **kwargs)
    assert str(info.value).startswith(message)


def test_unknown_tool_key_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.noinherit]\nmin_python = "3.8"\n')
    with pytest.raises(s.SettingsError, match="unknown key 'min_python'"):
        s.build_settings(str(tmp_path / "m.py"))


def test_select_and_ignore_are_prefix_based():
    settings = s.Settings(select=("NIH1",), ignore=("NIH10",))
    assert not settings.selects("NIH101")
    assert not settings.selects("NIH201")
    assert s.Settings(select=("NIH",), ignore=("NIH2",)).selects("NIH101")
    assert s.Settings().selects("NIH402")
