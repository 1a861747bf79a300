"""Three bars.

The middle one is the tallest.
"""


def data():
    return [1, 3, 2]


def draw(data, theme):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), layout="constrained")
    ax = fig.add_subplot()
    ax.bar(["a", "b", "c"], data, color=theme.accent)
    return fig
