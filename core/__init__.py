"""What every layer shares: settings, errors, the graph's vocabulary and the packaged files.

Nothing here imports the rest of the project, so ``loaders``, ``graph``, ``queries``, ``api``
and ``cli`` may all import it.
"""
