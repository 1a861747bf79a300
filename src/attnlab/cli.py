"""``attnlab``: the figure engine's CLI (``docfigs``) on this project, plus ``talk``.

    attnlab list | build | merge | show | clean   (as ``docfigs``; see docfigs.cli)
    attnlab talk [SCENE...] --format html|pptx|mp4|webm|gif|png [--theme T] [--transparent] [--out DIR]
"""

import sys

from docfigs.cli import main as docfigs_main

from .talk import add_arguments, run

TALK = (add_arguments, run, "export scenes for a talk: a deck with one slide per beat (reveal.js, PPTX), MP4, "
        "WebM (transparent), GIF, PNG per beat")


def main(argv=None) -> int:
    return docfigs_main(argv, prog="attnlab", commands={"talk": TALK})


if __name__ == "__main__":
    sys.exit(main())
