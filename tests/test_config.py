"""Settings: no configuration needed; avvik.toml < environment < flags; bad values named."""

from pathlib import Path

import pytest

from pipelines.config import load_settings
from schema.errors import ConfigError


def test_when_nothing_is_configured_then_the_data_home_is_avvik_data():
    settings = load_settings(environ={})
    assert settings.home == Path("avvik-data")
    assert settings.db_path == Path("avvik-data/warehouse.duckdb")
    assert settings.inbox == Path("avvik-data/inbox")
    assert settings.export.suppress_below == 5


def test_when_toml_env_and_flags_are_given_then_flags_win(tmp_path):
    (tmp_path / "avvik.toml").write_text('db = "from-toml.duckdb"\n[limits]\nmax_file_mb = 3\n', encoding="utf-8")
    env = {"AVVIK_HOME": str(tmp_path)}
    assert load_settings(environ=env).db_path == Path("from-toml.duckdb")
    assert load_settings(environ=env).limits.max_file_mb == 3
    env["AVVIK_DB"] = "from-env.duckdb"
    assert load_settings(environ=env).db_path == Path("from-env.duckdb")
    assert load_settings(db="flag.duckdb", environ=env).db_path == Path("flag.duckdb")


@pytest.mark.parametrize(
    "toml, named",
    [
        ("[limits]\nmax_file_mb = -1\n", "limits.max_file_mb"),
        ("[watch]\npollng = true\n", "watch.pollng"),
        ("limits = [", "går inte att läsa"),
    ],
)
def test_when_a_setting_is_bad_then_the_error_names_it(tmp_path, toml, named):
    (tmp_path / "avvik.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(home=tmp_path, environ={})
    assert named in raised.value.reason


def test_when_an_explicit_config_file_is_missing_then_an_error(tmp_path):
    with pytest.raises(ConfigError):
        load_settings(config=tmp_path / "nope.toml", environ={})


def test_when_the_identity_key_is_first_needed_then_it_is_created_once_and_private(tmp_path):
    settings = load_settings(home=tmp_path / "home", environ={})
    first = settings.identity_secret()
    assert len(first) == 32
    assert settings.identity_secret() == first
    assert ((tmp_path / "home" / "identity.key").stat().st_mode & 0o777) == 0o600
