"""The words the synthetic world is made of: places with their area codes and postal prefixes,
personal and business names, street vocabulary with its USPS Publication 28 abbreviations."""

from __future__ import annotations

from dataclasses import dataclass

from portrecon.pub28 import POUND, suffix_forms, suffix_primaries, suffix_rows, unit_rows


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(","))


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    state: str
    country: str
    postal_prefixes: tuple[str, ...]  # ZIP3 (US) or FSA (CA)
    area_codes: tuple[int, ...]
    french: bool = False


PLACES: tuple[Place, ...] = (
    Place("Cedar Rapids", "IA", "US", ("524",), (319,)),
    Place("Marion", "IA", "US", ("523",), (319,)),
    Place("Chicago", "IL", "US", ("606",), (312, 773, 872)),
    Place("Springfield", "IL", "US", ("627",), (217,)),
    Place("New York", "NY", "US", ("100",), (212, 646, 917)),
    Place("Brooklyn", "NY", "US", ("112",), (718, 347)),
    Place("Buffalo", "NY", "US", ("142",), (716,)),
    Place("Los Angeles", "CA", "US", ("900",), (213, 323, 310)),
    Place("San Francisco", "CA", "US", ("941",), (415, 628)),
    Place("San Diego", "CA", "US", ("921",), (619, 858)),
    Place("Sacramento", "CA", "US", ("958",), (916,)),
    Place("Seattle", "WA", "US", ("981",), (206,)),
    Place("Spokane", "WA", "US", ("992",), (509,)),
    Place("Portland", "OR", "US", ("972",), (503, 971)),
    Place("Denver", "CO", "US", ("802",), (303, 720)),
    Place("Phoenix", "AZ", "US", ("850",), (602, 480)),
    Place("Austin", "TX", "US", ("787",), (512, 737)),
    Place("Dallas", "TX", "US", ("752",), (214, 469, 972)),
    Place("Houston", "TX", "US", ("770",), (713, 281, 832)),
    Place("Atlanta", "GA", "US", ("303",), (404, 678, 470)),
    Place("Miami", "FL", "US", ("331",), (305, 786)),
    Place("Tampa", "FL", "US", ("336",), (813,)),
    Place("Boston", "MA", "US", ("021",), (617, 857)),
    Place("Philadelphia", "PA", "US", ("191",), (215, 267)),
    Place("Pittsburgh", "PA", "US", ("152",), (412,)),
    Place("Columbus", "OH", "US", ("432",), (614,)),
    Place("Detroit", "MI", "US", ("482",), (313,)),
    Place("Minneapolis", "MN", "US", ("554",), (612,)),
    Place("Nashville", "TN", "US", ("372",), (615,)),
    Place("Charlotte", "NC", "US", ("282",), (704, 980)),
    Place("Omaha", "NE", "US", ("681",), (402,)),
    Place("Louisville", "KY", "US", ("402",), (502,)),
    Place("Salt Lake City", "UT", "US", ("841",), (801, 385)),
    Place("Kansas City", "MO", "US", ("641",), (816,)),
    Place("Richmond", "VA", "US", ("232",), (804,)),
    Place("Baltimore", "MD", "US", ("212",), (410, 443)),
    Place("Toronto", "ON", "CA", ("M5H", "M4C", "M6G", "M5V"), (416, 647, 437)),
    Place("Ottawa", "ON", "CA", ("K1P", "K2A"), (613, 343)),
    Place("Hamilton", "ON", "CA", ("L8P", "L8L"), (905, 289)),
    Place("London", "ON", "CA", ("N6A",), (519, 226)),
    Place("Vancouver", "BC", "CA", ("V6B", "V5K"), (604, 778, 236)),
    Place("Victoria", "BC", "CA", ("V8W",), (250, 778)),
    Place("Calgary", "AB", "CA", ("T2P",), (403, 587)),
    Place("Edmonton", "AB", "CA", ("T5J",), (780, 587)),
    Place("Winnipeg", "MB", "CA", ("R3C",), (204, 431)),
    Place("Regina", "SK", "CA", ("S4P",), (306, 639)),
    Place("Halifax", "NS", "CA", ("B3H",), (902, 782)),
    Place("Montréal", "QC", "CA", ("H2X", "H3B", "H2J"), (514, 438), french=True),
    Place("Québec", "QC", "CA", ("G1K", "G1R"), (418, 581), french=True),
    Place("Laval", "QC", "CA", ("H7N",), (450, 579), french=True),
    Place("Gatineau", "QC", "CA", ("J8X",), (819, 873), french=True),
    Place("Sherbrooke", "QC", "CA", ("J1H",), (819, 873), french=True),
    Place("Trois-Rivières", "QC", "CA", ("G9A",), (819, 873), french=True),
)

FIRST_NAMES = _words(
    "James, Mary, Robert, Patricia, John, Jennifer, Michael, Linda, David, Elizabeth, William, "
    "Barbara, Richard, Susan, Joseph, Jessica, Thomas, Sarah, Charles, Karen, Christopher, "
    "Nancy, Daniel, Lisa, Matthew, Sandra, Anthony, Ashley, Mark, Kimberly, Steven, Michelle, "
    "Andrew, Emily, Kenneth, Melissa, Joshua, Stephanie, Kevin, Rebecca, Brian, Laura, Timothy, "
    "Cynthia, Jason, Amanda, Jeffrey, Angela, Ryan, Shannon, Gregory, Heather, Trevor, Whitney"
)
LAST_NAMES = _words(
    "Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, "
    "Hernandez, Lopez, Gonzalez, Wilson, Anderson, Taylor, Thomas, Moore, Jackson, Martin, "
    "Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen, King, Wright, "
    "Scott, Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Campbell, Mitchell, "
    "Carter, Roberts, Phillips, Evans, Turner, Parker, Collins, Edwards, Stewart, Morris, "
    "Murphy, Cook, Rogers, Morgan, Peterson, Cooper, Reed, Bailey, Bell, Kelly, Howard, Ward, "
    "Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray, Hughes, Price, Sanders, Patel, "
    "Myers, Long, Ross, Foster, Chan, Horton, Mendoza, Walsh"
)
FRENCH_FIRST_NAMES = _words(
    "Marie-Ève, François, Éric, Hélène, Stéphane, Geneviève, Benoît, Josée, Amélie, Sébastien, "
    "Mathieu, Julie, Nathalie, Isabelle, Luc, Yves, Chantal, Sylvie, Pierre, Jacques, Martin, "
    "Simon, Catherine, Mélanie, Véronique, Frédéric, André, Réjean, Gaétan, Céline"
)
FRENCH_LAST_NAMES = _words(
    "Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin, Gagné, Ouellet, "
    "Pelletier, Bélanger, Lévesque, Bergeron, Leblanc, Paquette, Girard, Simard, Boucher, "
    "Caron, Beaulieu, Cloutier, Dubé, Poirier, Fournier, Lapointe, Leclerc, Lefebvre, "
    "Desrosiers, Lavallée, Thériault"
)
TRADES = _words(
    "Coffee Roasters, Animal Hospital, Welding, Machine Works, Landscaping, Print Shop, "
    "Florist, Auto Repair, Dental Group, Orthodontics, Bakery, Music Academy, Law Office, "
    "Accounting, Plumbing, Electric, Roofing, Hardware, Pharmacy, Veterinary Clinic, Insurance "
    "Agency, Realty, Consulting, Logistics, Fitness, Yoga Studio, Pet Grooming, Catering, "
    "Brewing, Tire Center, Medical Supply"
)
BUSINESS_WORDS = _words(
    "Prairie, Harbor, Riverside, Stonebridge, Old Mill, Lakeshore, Brookside, Summit, Cedar "
    "Grove, Golden, Northern, Blue Ridge, Maple Hill, Eagle, Sunrise, Heritage, Pioneer, "
    "Evergreen, Granite, Silver Creek, Willow Bend, Red Oak"
)
FRENCH_TRADES = _words(
    "Boulangerie, Boucherie, Quincaillerie, Pharmacie, Garage, Fleuriste, Librairie, "
    "Pâtisserie, Épicerie, Traiteur, Cordonnerie, Fromagerie"
)

# Business suffix groups: every spelling of one group is equivalent (PRODUCT.md section 4).
SUFFIX_FORMS: dict[str, tuple[str, ...]] = {
    "inc": ("Inc", "Inc.", "Incorporated"),
    "llc": ("LLC", "L.L.C."),
    "corp": ("Corp", "Corp.", "Corporation"),
    "co": ("Co", "Co.", "Company"),
    "ltd": ("Ltd", "Ltd.", "Limited"),
}
US_SUFFIXES = ("inc", "llc", "corp", "co")
CA_SUFFIXES = ("inc", "ltd", "corp")
FRENCH_SUFFIXES = ("inc",)

STREET_NAMES = _words(
    "Main, Oak, Maple, Cedar, Elm, Washington, Lincoln, Jackson, Franklin, Park, Lake, "
    "Highland, Sunset, Meadow, Forest, River, Spring, Church, Market, Union, Prospect, Walnut, "
    "Chestnut, Willow, Madison, Jefferson, Adams, Monroe, Teresa, Radcliffe, Hillview, Walker, "
    "Atwood, Longworth, Lindale, Government, Victoria, Queen, King, Yonge, Bloor, Dundas, "
    "Broadway, Cottonwood, Woodland, Garry, Selzer, Hindman, Nickolet, Barton, Drexler, "
    "Pennington, Rockvalley, Franklin Park, Mill Creek, Stony Point, Harbor View"
)


def _suffix_groups() -> dict[str, tuple[str, ...]]:
    """C1 primary -> its written forms (primary name first, standard abbreviation second, then
    the other common forms), without the forms printed under two primaries (never resolved by
    the product, so never written here as an equivalent)."""
    ambiguous = {form for form, standards in suffix_forms().items() if len(standards) > 1}
    standard = {row.primary: row.standard for row in suffix_rows()}
    groups = {}
    for primary, forms in suffix_primaries().items():
        ordered = dict.fromkeys((primary, standard[primary], *forms))
        groups[primary] = tuple(f.title() for f in ordered if f not in ambiguous)
    return groups


# USPS Publication 28 Appendix C1, every row: primary -> (primary name, standard abbreviation,
# other commonly used forms...), title case.
STREET_SUFFIXES: dict[str, tuple[str, ...]] = _suffix_groups()
# The suffixes most streets have (drawn most often; the rest of C1 is drawn too).
COMMON_SUFFIXES = (
    "STREET",
    "AVENUE",
    "DRIVE",
    "ROAD",
    "BOULEVARD",
    "LANE",
    "COURT",
    "PLACE",
    "PARKWAY",
    "CIRCLE",
    "TERRACE",
    "HIGHWAY",
)
DIRECTIONALS: dict[str, tuple[str, str]] = {
    "N": ("North", "N"),
    "S": ("South", "S"),
    "E": ("East", "E"),
    "W": ("West", "W"),
    "NE": ("Northeast", "NE"),
    "NW": ("Northwest", "NW"),
    "SE": ("Southeast", "SE"),
    "SW": ("Southwest", "SW"),
}
# USPS Publication 28 Appendix C2, every row: abbreviation -> (designator, abbreviation), plus
# the French `bureau`; `#` stands for the designator (C2's "blank, unable to determine").
UNIT_TYPES: dict[str, tuple[str, str]] = {
    **{
        row.abbreviation: (row.designator.title(), row.abbreviation.title())
        for row in unit_rows()
        if row.abbreviation != POUND
    },
    POUND: (POUND, POUND),
    "BUREAU": ("Bureau", "Bureau"),
}
C2_UNITS = tuple(row.abbreviation for row in unit_rows())
# C2's designators that need no number after them (`Rear`, `Bsmt`, `PH`).
UNITS_WITHOUT_NUMBER = tuple(row.abbreviation for row in unit_rows() if not row.requires_number)
# The units most addresses have (drawn most often; the rest of C2 is drawn too).
COMMON_UNITS = ("STE", "STE", "APT", "APT", "UNIT", "FL", "BLDG", "RM")
FRENCH_STREET_TYPES = ("rue", "avenue", "boulevard", "chemin", "place")
FRENCH_STREET_NAMES = _words(
    "Saint-Denis, Sainte-Catherine, Sherbrooke, Notre-Dame, de la Montagne, du Mont-Royal, "
    "René-Lévesque, Saint-Laurent, des Érables, Laurier, Jean-Talon, Papineau, Beaubien, de "
    "Maisonneuve, Saint-Joseph, de l’Église"
)
FRENCH_DIRECTIONS = ("Est", "Ouest", "Nord", "Sud")
