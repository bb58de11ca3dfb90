"""bandit's CWEs made specific: weak hashes are CWE-328 (bandit says 327 with the ciphers),
ciphers and modes stay 327; temp files 377, permissions 732, TLS 295 as bandit says."""

from __future__ import annotations

from app.core.findings import Finding, Severity
from app.core.sources import source_from_text
from app.scan.bandit_stage import BanditStage
from app.scan.base import StageContext

CODE = """\
import hashlib, os, ssl, tempfile
import requests
from Crypto.Hash import MD5
from Crypto.Cipher import DES
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

a = hashlib.md5(b"x").hexdigest()
b = hashlib.new("sha1", b"x")
c = MD5.new(b"x")
d = hashes.SHA1()
e = DES.new(b"k" * 8, DES.MODE_CBC)
f = Cipher(algorithms.AES(b"k" * 16), modes.ECB())
g = tempfile.mktemp()
h = open("/tmp/report.txt", "w")
os.chmod("/srv/app/data", 0o777)
i = requests.get("https://example.com", verify=False, timeout=5)
j = ssl._create_unverified_context()
k = hashlib.md5(b"x", usedforsecurity=False).hexdigest()
"""


def _findings() -> dict[int, Finding]:
    result = BanditStage().run([source_from_text("app.py", CODE)], StageContext())
    return {f.start_line or 0: f for f in result.findings if f.severity is not Severity.INFO}


def test_weak_hashes_are_cwe_328_and_ciphers_stay_327() -> None:
    found = _findings()
    assert {line: (found[line].rule_id, found[line].cwe) for line in (8, 9, 10, 11, 12, 13)} == {
        8: ("bandit.B324", (328,)),
        9: ("bandit.B324", (328,)),
        10: ("bandit.B303", (328,)),
        11: ("bandit.B303", (328,)),
        12: ("bandit.B304", (327,)),
        13: ("bandit.B305", (327,)),
    }


def test_temp_files_permissions_and_tls_keep_bandits_specific_cwe() -> None:
    found = _findings()
    assert {line: found[line].cwe for line in (14, 15, 16, 17, 18)} == {
        14: (377,),
        15: (377,),
        16: (732,),
        17: (295,),
        18: (295,),
    }


def test_a_hash_not_used_for_security_is_not_reported() -> None:
    assert 19 not in _findings()


def test_importing_crypto_is_a_note_since_pycryptodome_installs_the_same_package() -> None:
    result = BanditStage().run([source_from_text("app.py", CODE)], StageContext())
    imports = [f for f in result.findings if f.rule_id == "bandit.B413"]
    assert imports and all(f.severity is Severity.INFO for f in imports)


def test_a_program_started_by_a_partial_path_is_an_untrusted_search_path_not_injection() -> None:
    code = 'import subprocess\nsubprocess.run(["git", "status"], check=True)\n'
    result = BanditStage().run([source_from_text("tool.py", code)], StageContext())
    [partial] = [f for f in result.findings if f.rule_id == "bandit.B607"]
    assert partial.cwe == (426,)


def test_an_argument_list_without_a_shell_is_a_note_the_data_flow_decides() -> None:
    code = 'import subprocess\nsubprocess.run(["/usr/bin/git", "status"], check=True)\n'
    result = BanditStage().run([source_from_text("tool.py", code)], StageContext())
    [reminder] = [f for f in result.findings if f.rule_id == "bandit.B603"]
    assert reminder.severity is Severity.INFO and "data-flow" in reminder.message
