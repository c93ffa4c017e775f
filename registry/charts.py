"""
Pictures computed from the registry: the map of member cities and the bar
charts of projects by field of action and by status.

Everything here is drawn as inline SVG by the templates in `components/`
(`map.html`, `chart_bars.html`): no tile server, no chart library, no request
that leaves the site. Each chart costs one aggregate query.
"""

import math
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.content_language import source_language
from core.queries import in_source_language, published_pages

from .choices import ProjectStatus

# A rough, hand-drawn outline of the German Baltic coast (longitude, latitude),
# from Flensburg to Usedom, and of Rügen and Fehmarn. Schematic only: it places
# the cities, it is not a map to navigate by.
# fmt: off
BALTIC_COAST = [
    (9.43, 54.80), (9.90, 54.76), (10.03, 54.67), (9.84, 54.47), (10.14, 54.33),
    (10.22, 54.41), (10.67, 54.31), (11.00, 54.37), (11.08, 54.22), (10.81, 54.10),
    (10.87, 53.96), (11.20, 53.99), (11.46, 53.90), (11.45, 54.00), (11.62, 54.11),
    (11.75, 54.15), (12.08, 54.18), (12.24, 54.25), (12.45, 54.40), (12.70, 54.44),
    (12.85, 54.44), (13.03, 54.43), (13.09, 54.31), (13.38, 54.10), (13.77, 54.05),
    (13.80, 54.15), (13.90, 54.08), (14.20, 53.93),
]
ISLANDS = [
    # Rügen
    [(13.10, 54.45), (13.25, 54.60), (13.40, 54.68), (13.65, 54.60), (13.67, 54.40),
     (13.50, 54.30), (13.30, 54.25), (13.15, 54.30), (13.10, 54.45)],
    # Fehmarn
    [(11.05, 54.42), (11.10, 54.52), (11.25, 54.53), (11.30, 54.45), (11.20, 54.40),
     (11.05, 54.42)],
]
# fmt: on

MAP_WIDTH = 640
MAP_MARGIN = 0.25  # degrees around everything drawn
LABEL_ROOM = 140  # map units a city name needs beside its dot


@dataclass(frozen=True)
class MapCity:
    page: object
    x: float
    y: float
    label_left: bool


@dataclass(frozen=True)
class CityMap:
    width: int
    height: int
    cities: list
    coast_points: str
    sea_points: str
    island_points: list


def city_map(cities):
    """
    The cities placed on an equirectangular projection of their coordinates,
    scaled by cos(latitude) so that the north German coast is not stretched.
    Works on the pages already loaded for the listing: no query of its own.
    """
    cities = [city for city in cities if city.latitude is not None and city.longitude is not None]
    coast = BALTIC_COAST + [point for island in ISLANDS for point in island]
    longitudes = [float(c.longitude) for c in cities] + [lon for lon, _lat in coast]
    latitudes = [float(c.latitude) for c in cities] + [lat for _lon, lat in coast]
    west, east = min(longitudes) - MAP_MARGIN, max(longitudes) + MAP_MARGIN
    south, north = min(latitudes) - MAP_MARGIN, max(latitudes) + MAP_MARGIN
    stretch = math.cos(math.radians((north + south) / 2))
    scale = MAP_WIDTH / ((east - west) * stretch)
    height = round((north - south) * scale)

    def project(lon, lat):
        return round((lon - west) * stretch * scale, 1), round((north - lat) * scale, 1)

    def points(line):
        return " ".join(f"{x},{y}" for x, y in (project(lon, lat) for lon, lat in line))

    coast = [project(lon, lat) for lon, lat in BALTIC_COAST]
    # The sea: the coast closed along the map's western, northern and eastern edges.
    sea = [(0, coast[0][1]), *coast, (MAP_WIDTH, coast[-1][1]), (MAP_WIDTH, 0), (0, 0)]

    placed = []
    positions = [project(float(city.longitude), float(city.latitude)) for city in cities]
    for city, (x, y) in zip(cities, positions, strict=True):
        # A label goes left of its dot near the eastern edge, or when another
        # city sits close to the right, where the label would cover it.
        crowded = any(
            0 < other_x - x < LABEL_ROOM and abs(other_y - y) < 40 for other_x, other_y in positions
        )
        placed.append(
            MapCity(page=city, x=x, y=y, label_left=crowded or x > MAP_WIDTH - LABEL_ROOM)
        )
    return CityMap(
        width=MAP_WIDTH,
        height=height,
        cities=placed,
        coast_points=points(BALTIC_COAST),
        sea_points=" ".join(f"{x},{y}" for x, y in sea),
        island_points=[points(island) for island in ISLANDS],
    )


CHART_ROW_HEIGHT = 44  # px: a line of text above a bar


@dataclass(frozen=True)
class ChartRow:
    label: str
    count: int
    percent: float  # of the largest count, for the bar's length
    top: int  # px from the top of the chart

    @property
    def text_y(self):
        return self.top + 16

    @property
    def bar_y(self):
        return self.top + 23


@dataclass(frozen=True)
class BarChart:
    title: str
    category: str  # heading of the label column in the data table
    rows: list
    total: int
    # The rows' labels are stored content in this language (fields of action),
    # or the interface's own words (statuses) when None.
    language: str | None = None

    @property
    def is_empty(self):
        return self.total == 0

    @property
    def height(self):
        return len(self.rows) * CHART_ROW_HEIGHT


def bar_chart(title, category, counted, *, language=None):
    largest = max((count for _label, count in counted), default=0)
    rows = [
        ChartRow(
            label=str(label),
            count=count,
            percent=round(100 * count / largest, 1) if largest else 0,
            top=index * CHART_ROW_HEIGHT,
        )
        for index, (label, count) in enumerate(counted)
    ]
    return BarChart(
        title=title,
        category=category,
        rows=rows,
        total=sum(count for _label, count in counted),
        language=language,
    )


def published_projects(city=None):
    """
    The published projects, each once: the German pages (a translation is
    the same project). Of one city, in whichever language `city` is shown:
    its German page and its translations share a translation key.
    """
    from .models import ProjectPage

    projects = in_source_language(published_pages(ProjectPage))
    if city is None:
        return projects
    return projects.filter(city__translation_key=city.translation_key)


def projects_by_field_of_action(*, city=None):
    """Published projects per field of action (a project in two fields counts in both)."""
    rows = (
        published_projects(city)
        .filter(fields_of_action__isnull=False)
        .values("fields_of_action__name", "fields_of_action__sort_order")
        .annotate(count=Count("pk", distinct=True))
        .order_by("fields_of_action__sort_order", "fields_of_action__name")
    )
    return bar_chart(
        _("Projekte nach Handlungsfeld"),
        _("Handlungsfeld"),
        [(row["fields_of_action__name"], row["count"]) for row in rows],
        language=source_language(),
    )


def projects_by_status(*, city=None):
    """Published projects per status, in the order of a project's life; zeros included."""
    counts = dict(
        published_projects(city).order_by().values_list("status").annotate(count=Count("pk"))
    )
    return bar_chart(
        _("Projekte nach Status"),
        _("Status"),
        [(status.label, counts.get(status.value, 0)) for status in ProjectStatus],
    )
