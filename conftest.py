"""The claim suite's plugins: tiers, the claims report, shared data fixtures."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's C++ start-up chatter

pytest_plugins = ["fixtures.tiers", "fixtures.report", "fixtures.data"]
