"""`python -m components`: argument parsing (`main`, `parsing`) and one small module per
command with its help text beside it.

The top layer, and the only one that imports argparse. A command imports the layers it
runs only when it runs, so `check` never pays for `diff`, `pull` or pulumi.
"""
