"""The generated Swift table of default merge schedules matches Defaults/merge_schedules.json."""
import subprocess
import sys
from pathlib import Path

from tempme_defaults import SCHEDULES

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_merge_schedules.py"


def test_generated_swift_is_current():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_json_holds_the_papers_defaults():
    # Spec section 5: merge layers 8, 9, 10; groups 2, 2, 3 for 12 frames and 4, 4, 4 for 64.
    data = SCHEDULES
    assert data["merge_layers"] == [8, 9, 10]
    assert data["group_sizes"] == {"12": [2, 2, 3], "64": [4, 4, 4]}
