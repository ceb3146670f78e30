"""Encyclopedia articles: French communes and English villages, with history, administration and notable people."""

from __future__ import annotations

from provenance_demo.prose import Piece, take
from provenance_demo.scene import Draft, Scene

# Sections in reading order: (heading, templates). The lead comes first and has no heading.
FR_LEAD = [
    "{town} est une commune française située dans le département du Rhône, en région {loc:Auvergne-Rhône-Alpes}. "
    "Ses habitants sont appelés les {pick:Montrevelois|Amandinois|Beaurepairois|Chazellois}. Bourg rural devenu "
    "commune périurbaine, elle fait partie de l'aire d'attraction de {city}.",
    "{town} est une commune française du département du Finistère, en région {loc:Bretagne}. Ancienne paroisse de "
    "l'évêché de Quimper, elle s'étend sur la rive gauche de l'{loc:Odet} et compte un port de pêche actif jusqu'aux "
    "années 1970.",
    "{town} est une commune française située dans le département de l'Ain, en région {loc:Auvergne-Rhône-Alpes}, au "
    "cœur de la {loc:Dombes}, pays d'étangs aménagés par les moines au Moyen Âge.",
]
FR_SECTIONS = [
    (
        "Géographie",
        [
            "Le territoire communal s'étend sur {n:900-3200} hectares, entre {n:170-260} et {n:300-620} mètres d'altitude. "
            "Il est traversé par un ruisseau affluent de l'{loc:Azergues|Ain|Odet|Brévenne}, dont les crues ont marqué "
            "l'histoire du bourg.",
            "La commune est limitrophe de {town2}. Elle est desservie par la route départementale qui relie {city} aux "
            "monts du {loc:Beaujolais|Lyonnais|Forez}, ainsi que par une halte ferroviaire sur la ligne de {city}.",
            "Le climat est de type océanique dégradé, avec des influences continentales marquées : les hivers sont "
            "frais, les étés chauds et orageux. La station météorologique la plus proche est celle de {city}.",
        ],
    ),
    (
        "Toponymie",
        [
            "Le nom de la localité est attesté sous la forme latine {pick:Monte Rebelli|Villa Ambrosiaca|Castrum Belli "
            "Repari} en 1095, puis sous sa forme actuelle à partir du XIIIe siècle. Il désignerait une hauteur fortifiée "
            "dominant la vallée.",
            "Selon l'abbé {fig:Guillaume Durand}, auteur d'une monographie publiée en 1882, le nom viendrait d'un gué sur la "
            "rivière ; cette étymologie est aujourd'hui rejetée par les toponymistes.",
        ],
    ),
    (
        "Histoire",
        [
            "Des fouilles menées en {n:1962-1995} ont mis au jour les vestiges d'une villa gallo-romaine au lieu-dit Les "
            "Granges, ainsi que des monnaies de l'époque de {fig:Constantin|Trajan|Hadrien}.",
            "Au Moyen Âge, le bourg dépend de l'abbaye de {loc:Savigny|Cluny|Ainay}. Un château fort est élevé au XIIe "
            "siècle sur l'éperon rocheux qui domine la vallée ; il n'en subsiste aujourd'hui qu'une tour carrée.",
            "Pendant les guerres de Religion, la place est prise et reprise à plusieurs reprises. En 1562, les troupes "
            "du baron des Adrets incendient l'église et le prieuré.",
            "La Révolution voit la vente des biens du prieuré comme biens nationaux. La commune prend brièvement le nom "
            "de Mont-Libre en 1794, avant de retrouver son nom d'origine.",
            "Au XIXe siècle, le tissage de la soie pour les soyeux de {loc:Lyon} fait vivre plusieurs centaines de "
            "familles. En 1859, {fig:George Sand|Lamartine|Victor Hugo} séjourne quelques jours au château et en laisse "
            "une description dans sa correspondance.",
            "L'arrivée du chemin de fer en 1876 transforme l'économie locale. Une usine de moulinage, puis une fabrique de "
            "cartonnages, s'installent près de la gare.",
            "Pendant la Seconde Guerre mondiale, un maquis est actif dans les bois au-dessus du bourg. {fig:Jean Moulin} "
            "y aurait présidé une réunion clandestine au printemps 1943, selon des témoignages recueillis après la guerre.",
            "La crue du {loc:Rhône} de 1856 inonda les quartiers bas ; {fig:Napoléon III} visita les sinistrés et une "
            "souscription nationale permit la reconstruction du pont.",
        ],
    ),
    (
        "Politique et administration",
        [
            "Liste des maires successifs : de 1977 à 1995, {A.init} (divers droite) ; de 1995 à 2014, {B.full} "
            "(divers gauche) ; depuis 2014, {C.full} (sans étiquette), réélu{C.g:|e} en 2020.",
            "La commune fait partie de la communauté de communes du Pays de {town2}. Elle relève du canton de "
            "{town2} et de la {n:3-12}e circonscription du département.",
            "Le conseil municipal compte {n:15-23} membres. {C.full}, maire depuis 2014, est également "
            "{C.g:vice-président|vice-présidente} de la communauté de communes, chargé{C.g:|e} de l'environnement.",
        ],
    ),
    (
        "Population et société",
        [
            "En {yr:-3}, la commune comptait {num:1500-9000} habitants, en augmentation de {pct:2-9} par rapport à "
            "{yr:-9} selon l'{org:Insee}. La population a presque doublé depuis les années 1970 avec l'essor des "
            "lotissements.",
            "La commune dispose d'une école maternelle et d'une école élémentaire publiques, ainsi que d'une école privée "
            "sous contrat. Les collégiens sont scolarisés à {town2}.",
            "Le club de football, {club}, fondé en 1921, évolue en Régional 2. Il a atteint les trente-deuxièmes de "
            "finale de la Coupe de France en 1987.",
        ],
    ),
    (
        "Économie",
        [
            "L'économie repose sur l'agriculture (vigne, élevage laitier), l'artisanat et une zone d'activités de "
            "{n:12-40} hectares créée en 1992. Le premier employeur privé est {company}, qui emploie environ "
            "{n:80-250} salariés.",
            "Le marché hebdomadaire, le {pick:mardi|jeudi|samedi} matin, attire les habitants des communes voisines. Une "
            "agence du {org:Crédit Agricole} et un bureau de {org:La Poste} sont implantés dans le centre-bourg.",
        ],
    ),
    (
        "Culture locale et patrimoine",
        [
            "L'église Saint-Martin, reconstruite au XIXe siècle dans le style néogothique, conserve un portail roman "
            "classé monument historique en 1913. Ses vitraux sont l'œuvre d'un atelier lyonnais.",
            "Le lavoir communal, restauré en {n:1998-2019}, accueille chaque été une exposition d'art contemporain. La "
            "maison forte de la Tour, propriété privée, se visite lors des Journées européennes du patrimoine.",
        ],
    ),
    (
        "Personnalités liées à la commune",
        [
            "{fig:Louis Pasteur|Jules Ferry|Émile Zola} y fit plusieurs séjours chez des amis ; une plaque commémorative "
            "est apposée sur la maison de la rue du Four.",
            "{D.full} ({D.g:né|née} le {D.dob} à {town}), {D.g:coureur cycliste|coureuse cycliste}, "
            "{D.g:vainqueur|lauréate} d'une étape du Tour de l'Avenir, a grandi dans la commune.",
            "{E.full} ({E.g:né|née} le {E.dob}), {E.g:écrivain|écrivaine} et {E.g:illustrateur|illustratrice}, vit à "
            "{town} depuis {n:1995-2015} ; plusieurs de ses albums pour la jeunesse ont pour cadre la vallée.",
            "{fig:Antoine de Saint-Exupéry} passa une partie de son enfance dans la région, au château de Saint-Maurice-"
            "de-Rémens, à quelques kilomètres de là.",
        ],
    ),
]

EN_LEAD = [
    "{town} is a village and civil parish in the county of {loc:North Yorkshire|Cumbria|Gloucestershire|Devon}, "
    "England. It lies about {n:4-15} miles from {city} and had a population of {num:800-6000} at the {yr:-3} census.",
    "{town} is a market town and civil parish in {region}, England, on the River {loc:Wye|Lune|Ouse|Tamar}. "
    "Historically part of the hundred of the same name, it grew around a crossing point of the river.",
    "{town} is a former mill village in {region}, England, now largely a commuter settlement for {city}.",
]
EN_SECTIONS = [
    (
        "Geography",
        [
            "The parish covers {num:900-4000} acres of mixed farmland and woodland, rising from the river meadows to "
            "open moorland in the north. The underlying geology is millstone grit and coal measures.",
            "The village is on the B{n:1000-6999} road between {city} and {town2}. The nearest railway station, on the "
            "line to {city}, closed in 1965 under the Beeching cuts.",
        ],
    ),
    (
        "History",
        [
            "The settlement is recorded in the Domesday Book of 1086 as Estcumbe, a holding of the Bishop of "
            "{loc:Durham|Worcester|Exeter}. A Norman motte survives to the east of the church.",
            "During the Civil War, parliamentary troops under {fig:Oliver Cromwell|Thomas Fairfax} are said to have "
            "quartered in the village in 1644, stabling their horses in the nave of the church.",
            "In the nineteenth century the village was transformed by the woollen industry. Three water-powered mills "
            "stood on the beck by 1840, and rows of stone terraces were built to house their workers.",
            "The engineer {fig:Isambard Kingdom Brunel|Thomas Telford|George Stephenson} surveyed a route through the "
            "valley in the 1830s; the viaduct built to his design still carries the railway over the river.",
            "The novelist {fig:Elizabeth Gaskell|Charlotte Brontë|George Eliot} visited in 1851 and is thought to have "
            "based a mill town in one of her novels on {town}.",
            "The last mill closed in 1968. Since then the village has become a commuter settlement, and several mill "
            "buildings have been converted into flats.",
        ],
    ),
    (
        "Governance",
        [
            "{town} is part of the {town2} electoral ward. The parish council has {n:7-13} members; its chair since "
            "{yr:-6} has been {A.full}.",
            "Former chairs of the parish council include {B.full}, who served from 1991 to 2009 and led the campaign to "
            "save the village school.",
        ],
    ),
    (
        "Economy",
        [
            "Farming remains important, particularly sheep and dairy. The largest employer in the parish is "
            "{company}, with around {n:60-220} staff.",
            "The village has a post office, a primary school, two public houses and a branch of {org:Barclays|Lloyds} "
            "that closed in {yr:-4}, despite a petition signed by most of the residents.",
        ],
    ),
    (
        "Sport",
        [
            "{club} was founded in 1889 and plays in the Northern League. Its ground, Mill Lane, has a covered stand "
            "built in 1923 that is now locally listed.",
            "A cricket club has played on the village green since at least 1850.",
        ],
    ),
    (
        "Landmarks",
        [
            "The parish church of St Mary is a Grade II* listed building with a fourteenth-century tower and a "
            "Victorian nave. Its east window was designed by {fig:William Morris|Edward Burne-Jones}.",
            "The former Methodist chapel of 1872 is now a community hall, restored with a grant from the "
            "{org:National Lottery Heritage Fund}.",
        ],
    ),
    (
        "Notable people",
        [
            "{C.full} (born {C.dob}), a {pick:racing cyclist|fell runner|children's author|television presenter}, grew up in "
            "the village and attended the primary school.",
            "{fig:Florence Nightingale|John Wesley|William Wordsworth} stayed at the rectory in the 1840s; a blue plaque "
            "marks the house.",
            "{E.full} (born {E.dob}), a {pick:potter|folk singer|landscape photographer}, has lived in {town} since "
            "the 1990s.",
        ],
    ),
]


def compose_fr(scene: Scene, words: int, topic: str | None = None) -> Piece:
    return _compose(scene, words, FR_LEAD, FR_SECTIONS, topic=topic)


def compose_en(scene: Scene, words: int, topic: str | None = None) -> Piece:
    return _compose(scene, words, EN_LEAD, EN_SECTIONS, topic=topic)


def _compose(scene: Scene, words: int, leads: list[str], sections: list, topic: str | None = None) -> Piece:
    # ``topic`` is accepted for symmetry with the other registers: every article is about a place.
    rng = scene.rng
    for role in ("A", "B"):
        scene.person(role, born=(1935, 1965))
    title = scene.render("{town}")
    draft = Draft()
    draft.add(scene.render(rng.choice(leads)))
    # Every section gets at least one paragraph; longer articles get more of each.
    per_section = max(1, min(4, words // (60 * len(sections)) + 1))
    for heading, pool in sections:
        if draft.words >= words and rng.random() < 0.5:
            continue
        draft.add(scene.render(heading), "h")
        for template in sorted(take(scene, pool, per_section), key=pool.index):
            draft.add(scene.render(template))
    return Piece("encyclopedia", scene.lang, title.text, draft, extra={"title_fill": title})
