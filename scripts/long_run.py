"""Train long settings to the end, surviving interruptions: ``python scripts/long_run.py NAME...``.

Each model trains in a child process; when the child dies (killed, out of memory) it is started
again and resumes from its last completed epoch (vaecore.train keeps the state after every epoch),
up to ``--retries`` times. Rerunning the command after the machine went away continues the same
way. NAME is a dict of TrainConfigs in claims/settings.py, optionally with a key:
``CELEBA64_POST_STEPS`` (both models) or ``CELEBA64_POST_STEPS:tiny_kl_vae``.

    VAECLAIMS_DATA=../shared/data nohup python scripts/long_run.py CELEBA64_POST_STEPS:tiny_kl_vae \\
        CELEBA64_POST_STEPS:ae > long_run.log 2>&1 &
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

CLAIMS = Path(__file__).resolve().parents[1] / "claims"
CHILD = """
import sys
sys.path.insert(0, {claims!r})
import settings
from vaecore.train import train_or_load
group, _, key = {name!r}.partition(":")
configs = getattr(settings, group)
for config in ([configs[key]] if key else list(configs.values())):
    run = train_or_load(config)
    print(f"[long_run] done {{config.name}}: {{len(run.meta['epoch_seconds'])}} epochs, "
          f"{{run.meta['wall_time_s'] / 3600:.2f}} h of training, resumed at {{run.meta.get('resumed_at')}}",
          file=sys.stderr, flush=True)
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="settings dicts (optionally NAME:key) of claims/settings.py")
    parser.add_argument("--retries", type=int, default=20, help="restarts after a child dies (default 20)")
    args = parser.parse_args(argv)
    for name in args.names:
        for attempt in range(args.retries + 1):
            rc = subprocess.call([sys.executable, "-c", CHILD.format(claims=str(CLAIMS), name=name)])
            if rc == 0:
                break
            print(f"[long_run] {name}: training process ended with {rc} (attempt {attempt + 1}); resuming",
                  file=sys.stderr, flush=True)
            time.sleep(5)
        else:
            print(f"[long_run] {name}: gave up after {args.retries} restarts", file=sys.stderr, flush=True)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
