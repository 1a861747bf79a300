"""Outputs: byte-identical rebuilds, the embed fragment, the no-op path's imports, the CLI's other commands."""

import html
import json
import re
import subprocess
import sys

from docfigs import fragment as frag
from docfigs.figures import Figure, plain

HEAVY = ("torch", "matplotlib", "manim", "manim_slides", "numpy")

PICTURE = '''"""A heatmap with text.

Cells, labels and a colour bar: clip paths, images and glyphs.
"""


def data():
    return [[0.1, 0.9, 0.0], [0.5, 0.25, 0.25]]


def draw(data, theme):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2), layout="constrained")
    im = ax.imshow(data, cmap="viridis")
    ax.set_xticks(range(3), ["the", "cat", "sat"])
    ax.set_title("attention weights")
    fig.colorbar(im)
    return fig
'''


def test_two_cold_builds_are_byte_identical(make_project, still):
    files = {"snippets/a/heat.py": PICTURE, "snippets/a/bars.py": still()}
    outputs = []
    for name in ("first", "second"):  # two separate trees: no absolute path leaks into the files
        proj = make_project(files, name=name)
        assert proj.statuses(proj.build(jobs=2)) == {"bars": "rendered", "heat": "rendered"}
        outputs.append({p.relative_to(proj.generated).as_posix(): p.read_bytes()
                        for p in sorted(proj.generated.glob("*/*")) if p.suffix in (".svg", ".png", ".md")})
    assert len(outputs[0]) == 10
    assert outputs[0] == outputs[1]
    svg = outputs[0]["heat/heat.light.svg"]
    assert b"<dc:date>" not in svg and b"#ffffff" in svg  # no date; light background
    assert b"#1e2029" in outputs[0]["heat/heat.dark.svg"]  # dark background


def test_png_is_2x(make_project, still):
    proj = make_project({"snippets/a/bars.py": still()})  # figsize (2.4, 1.6) in inches
    proj.build()
    png = proj.out("bars", "bars.light.png").read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (480, 320)  # 200 dpi


def _fig(kind="still", source="snippets/sec/demo.py"):
    return Figure("demo", kind, "sec", None, source, "Scores become weights", 'Softmax of "q·k" per row <b>.',
                  alt='Scores become weights. Softmax of "q·k" per row <b>.')


def test_still_fragment_has_every_part():
    src = '"""Doc.\n\n```\nan example\n```\n"""\nx = "```"\n\n    \nif x:\n    print(x)\n'
    text = frag.resolve(frag.still_fragment(_fig(), src, 320, 240), "../../generated", "../generated")
    assert text.startswith('<figure class="attn-figure attn-figure-still" id="figure-demo">')
    alt = 'alt="Scores become weights. Softmax of &quot;q·k&quot; per row &lt;b&gt;."'
    assert f'<img class="attn-figure-img" src="../../generated/demo/demo.light.svg#only-light" {alt}' in text
    assert 'src="../../generated/demo/demo.dark.svg#only-dark"' in text
    assert 'width="320" height="240"' in text
    assert ('<figcaption><span class="attn-figure-title">Scores become weights</span> '
            'Softmax of "q·k" per row &lt;b&gt;.</figcaption>') in text
    for f in ("demo.light.svg", "demo.dark.svg", "demo.light.png", "demo.dark.png"):
        assert f"](../generated/demo/{f})" in text  # Markdown links: relative to the page's source file
    assert '??? example "Source: snippets/sec/demo.py"\n\n    ````python\n' in text  # fence longer than ```
    body = text.split("````python\n", 1)[1].rsplit("    ````", 1)[0]
    assert "\n".join(line[4:] for line in body.splitlines()) + "\n" == src


def test_title_and_caption_are_inline_markdown_with_math():
    fig = Figure("demo", "still", "sec", None, "snippets/sec/demo.py", r"All at once: $Y = \mathrm{softmax}(QK^\top)V$",
                 r"Divided by $\sqrt{d_k}$, with `attn_mask` *True* = may attend; <script>x</script> & 2 < 3.",
                 alt=plain(r"Three squares: $QK^\top$ & <b>V</b>"))
    text = frag.still_fragment(fig, "pass\n", 320, 240)
    assert ('<span class="attn-figure-title">All at once: '
            '<span class="arithmatex">\\(Y = \\mathrm{softmax}(QK^\\top)V\\)</span></span>') in text
    assert ('Divided by <span class="arithmatex">\\(\\sqrt{d_k}\\)</span>, with <code>attn_mask</code> <em>True</em> '
            '= may attend; &lt;script&gt;x&lt;/script&gt; &amp; 2 &lt; 3.</figcaption>') in text  # raw HTML as text
    assert "<p>" not in text.split("<figcaption>")[1].split("</figcaption>")[0]
    alt = fig.alt  # plain text: math as its TeX source, no marks
    assert alt == r"Three squares: QK^\top & <b>V</b>"
    assert f'alt="{html.escape(alt, quote=True)}"' in text


def test_animation_fragment_has_every_part():
    text = frag.resolve(frag.animation_fragment(_fig("animation", "diagrams/sec/demo.py"), "pass\n", 854, 480),
                        "..", "gen/x")
    videos = re.findall(r"<video [^>]*>", text)
    assert len(videos) == 2
    for theme, video in zip(("light", "dark"), videos):
        assert f'class="attn-video attn-only-{theme}"' in video
        assert f'data-poster="../demo/demo.{theme}.poster.png"' in video
        for attr in ('preload="none"', " muted", " loop", " controls", " playsinline", 'width="854"',
                     'height="480"', 'aria-label="Scores become weights.'):
            assert attr in video
        webm = text.index(f'<source src="../demo/demo.{theme}.webm" type="video/webm; codecs=vp9">')
        mp4 = text.index(f'<source src="../demo/demo.{theme}.mp4" type="video/mp4">')
        assert webm < mp4  # WebM first, MP4 for Safari
    for f in ("demo.light.mp4", "demo.dark.mp4", "demo.light.webm", "demo.dark.webm", "demo.light.poster.png"):
        assert f"](gen/x/demo/{f})" in text
    assert '??? example "Source: diagrams/sec/demo.py"\n\n    ```python\n    pass\n    ```' in text


def test_fragment_written_by_the_build_shows_exactly_the_source(toy):
    toy.build("gamma")
    fragment = toy.out("gamma", "gamma.fragment.md").read_text()
    source = (toy.root / "snippets/other/gamma.py").read_text()
    body = fragment.split("```python\n", 1)[1].rsplit("    ```", 1)[0]
    assert "\n".join(line[4:] for line in body.splitlines()) + "\n" == source
    indented = frag.indented(frag.resolve(fragment, "a", "b"), "    ")
    assert all(line.startswith("    ") for line in indented.splitlines() if line)


def test_noop_build_imports_no_numpy_matplotlib_or_manim(toy):
    toy.write("snippets/other/uses_numpy.py", toy.root.joinpath("snippets/other/gamma.py").read_text()
              .replace("def data():\n", "import numpy\n\n\ndef data():\n    numpy.zeros(1)\n"))
    assert toy.cli("build").returncode == 0
    probe = (
        "import json, sys\n"
        "from docfigs.cli import main\n"
        f"codes = [main(['build', '--root', {str(toy.root)!r}, '--json']),\n"
        f"         main(['list', '--root', {str(toy.root)!r}])]\n"
        f"print(json.dumps({{'codes': codes, 'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"DOCFIGS_QUALITY": "draft", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0], "heavy": []}
    report = json.loads(proc.stdout[: proc.stdout.index("\n}") + 2])  # the build's --json report
    assert report["totals"] == {"rendered": 0, "cached": 4, "failed": 0, "skipped": 0}


def test_list_show_clean(toy):
    toy.build("alpha")
    rows = json.loads(toy.cli("list", "--json").stdout)
    assert [(r["name"], r["kind"], r["section"], r["state"]) for r in rows] == [
        ("alpha", "still", "basics", "fresh"), ("beta", "still", "basics", "stale"),
        ("gamma", "still", "other", "stale")]
    assert rows[0]["title"] == "Alpha." and rows[0]["source"] == "snippets/basics/alpha.py"
    table = toy.cli("list").stdout
    assert "alpha" in table and "fresh" in table and "Gamma." in table

    shown = json.loads(toy.cli("show", "alpha", "--json").stdout)
    assert shown["state"] == "fresh" and shown["embed"] == "![[alpha]]"
    assert sorted(o["file"] for o in shown["outputs"]) == [
        "alpha.dark.png", "alpha.dark.svg", "alpha.fragment.md", "alpha.light.png", "alpha.light.svg"]
    assert "src/toypkg/helpers.py" in shown["inputs"]
    assert "alpha.light.svg" in toy.cli("show", "alpha").stdout

    assert toy.cli("clean", "alpha").returncode == 0
    assert not (toy.generated / "alpha").exists() and "alpha" not in toy.manifest()
    toy.build("beta")
    assert toy.cli("clean").returncode == 0
    assert not toy.generated.exists()


def test_alt_text_is_the_alt_string_or_else_the_title(tmp_path):
    from docfigs.figures import read_figure

    path = tmp_path / "demo.py"
    path.write_text('"""Weights, $A$\n\nThe caption.\n"""\n\nALT = """Four squares,\n  $a_1$ the brightest."""\n')
    assert read_figure(path, "still", "sec", "snippets/sec/demo.py").alt == "Four squares, a_1 the brightest."
    path.write_text('"""Weights, $A$\n\nThe caption.\n"""\n')
    assert read_figure(path, "still", "sec", "snippets/sec/demo.py").alt == "Weights, A"
