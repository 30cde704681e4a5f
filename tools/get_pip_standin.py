"""Offline stand-in for the pip bootstrap script that ansible-test downloads.

ansible-test runs this file as `python get_pip_<version>.py <pip options> pip==<version> ...`
inside each virtual environment it creates. Instead of the network download we bootstrap
pip with ensurepip and let it install the requested packages from the package index.
ansible-test sets PIP_CONFIG_FILE=/dev/null, so the system CA bundle is passed explicitly.
"""

import ssl
import subprocess
import sys

UNSUPPORTED = {"--no-setuptools", "--no-wheel"}


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg not in UNSUPPORTED]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    cafile = ssl.get_default_verify_paths().cafile
    cert = ["--cert", cafile] if cafile else []
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + cert + args)


if __name__ == "__main__":
    main()
