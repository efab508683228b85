from django.apps import AppConfig


class UiConfig(AppConfig):
    """The UI kit every domain's pages build on: the layout (ui/base.html), form and list
    components (ui/includes/), template tags, the workbench panel registry and the stylesheet."""

    name = "shequ.ui"
    label = "ui"
