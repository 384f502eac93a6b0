"""The HMAC key for personal data: making one (`unionpipe keygen`) and refusing the demonstration key.

The demonstration key is in the source code, and an ID number has few possibilities per county (a known
area, some 25,000 birth dates, 1,000 sequence numbers): with a public key anyone who reads `member_key`
can hash every candidate and get the IDs back. So the demonstration key loads only the bundled sample
county, whose files are listed by SHA-256 in `pipelines/sample/bundled.sha256` (`make sample` writes it).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pipelines.ingest.read.discover import discover
from pipelines.paths import PROJECT_ROOT
from pipelines.settings import DEMO_PII_KEY

BUNDLED_MANIFEST = PROJECT_ROOT / "pipelines" / "sample" / "bundled.sha256"
KEY_BYTES = 32  # 256 random bits: the HMAC-SHA256 block holds it whole

HOW_TO_SET_A_KEY = (
    "请先运行 `unionpipe keygen` 生成本县密钥（写入密钥文件 UNIONPIPE_SECRETS_FILE），或设置环境变量 "
    "UNIONPIPE_PII_KEY。Run `unionpipe keygen` once to write this county's own key to the secrets file "
    "(UNIONPIPE_SECRETS_FILE), or set UNIONPIPE_PII_KEY.")
KEEP_A_COPY = (
    "请把密钥另存一份（如刻盘或打印后锁入保险柜）：密钥丢失后，以后各批次的会员将无法与以前的会员对上。"
    "Keep a copy of this key somewhere safe (offline): if it is lost, later batches no longer match the "
    "members already loaded.")


class DemoKeyRefused(Exception):
    """A load of files other than the bundled sample with the demonstration key (message: Chinese + English)."""


class KeyExists(Exception):
    """`keygen` would overwrite a key that earlier batches were hashed with."""


def bundled_hashes(manifest: Path = BUNDLED_MANIFEST) -> set[str]:
    """The SHA-256 of every bundled sample file (`<sha256>  <source>/<name>` lines, as `sha256sum` writes)."""
    if not manifest.is_file():
        return set()
    return {line.split()[0] for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()}


def write_manifest(raw_dir: Path, manifest: Path = BUNDLED_MANIFEST) -> int:
    """List every landing file of `raw_dir` by SHA-256 in `manifest` (after `make sample`); returns how many."""
    files = discover(Path(raw_dir))
    manifest.write_text("".join(f"{f.sha256}  {f.rel_path}\n" for f in files), encoding="utf-8")
    return len(files)


def foreign_files(raw_dir: Path, manifest: Path = BUNDLED_MANIFEST) -> list[str]:
    """The landing files of `raw_dir` that are not part of the bundled sample (by content, not by name)."""
    allowed = bundled_hashes(manifest)
    return [f.rel_path for f in discover(Path(raw_dir)) if f.sha256 not in allowed]


def checked_pii_key(key: bytes, raw_dir: Path, manifest: Path = BUNDLED_MANIFEST) -> bytes:
    """`key`, unless it is the demonstration key and the landing zone holds anything but the bundled sample."""
    if key != DEMO_PII_KEY.encode("utf-8"):
        return key
    if foreign := foreign_files(raw_dir, manifest):
        more = f" 等 {len(foreign)} 个文件 ({len(foreign)} files)" if len(foreign) > 1 else ""
        raise DemoKeyRefused(
            f"拒绝导入 refused: 未设置本县的个人信息密钥，演示密钥只能用于自带的示例县，不能用于 {foreign[0]}{more}。"
            f"No key of this county's own is set; the demonstration key is public and loads only the bundled "
            f"sample county, not {foreign[0]}{' and others' if more else ''}. {HOW_TO_SET_A_KEY}")
    return key


def new_key() -> str:
    """A random key, URL-safe text of 256 bits."""
    return secrets.token_urlsafe(KEY_BYTES)


def write_key(path: Path, force: bool = False) -> str:
    """Write a new random `UNIONPIPE_PII_KEY` into the secrets file at `path`, readable by its owner only.

    Other lines of the file (the province token) are kept. Refuses (KeyExists) when the file already holds a
    key, unless `force`: every member loaded so far was hashed with it.
    """
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    held = [line for line in lines if line.partition("=")[0].strip() == "UNIONPIPE_PII_KEY"]
    if held and not force:
        raise KeyExists(f"密钥文件 {path} 中已有密钥，未覆盖：换密钥后，新批次将无法与已导入的会员对上；确需更换请加 --force。"
                        f"{path} already holds a key; not overwritten: with a new key, later batches no longer "
                        "match the members already loaded. Add --force only if you mean it.")
    key = new_key()
    kept = [line for line in lines if line not in held]
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through os.open: narrow it before the key is written
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join([*kept, f"UNIONPIPE_PII_KEY={key}"]) + "\n")
    return key
