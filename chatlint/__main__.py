"""``python -m chatlint``."""

from chatlint.cli import run

if __name__ == "__main__":
    run()
