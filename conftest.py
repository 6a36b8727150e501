"""The claim suite's plugins: tiers, the claims report, shared data fixtures."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow C++ logs (spurious grappler "errors")

pytest_plugins = ["fixtures.tiers", "fixtures.report", "fixtures.data"]

