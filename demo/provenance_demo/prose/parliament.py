"""Parliamentary debate: a French compte rendu intégral and an English Hansard sitting, on everyday policy topics."""

from __future__ import annotations

from provenance_demo.prose import Piece, concat, take
from provenance_demo.scene import EN_PARTIES, FR_GROUPS, Draft, Fill, Scene

# ============================================================================ French

FR_TOPICS = {
    "budget": {
        "title": "Projet de loi de finances pour {yr:+1}",
        "intro": "{Pl}. L'ordre du jour appelle la suite de la discussion de la première partie du projet de loi de "
        "finances pour {yr:+1} (nos {n:1600-1800}, {n:1801-1900}). Ce matin, l'Assemblée a poursuivi la "
        "discussion des articles, s'arrêtant à l'amendement no {n:100-2999} portant article additionnel "
        "après l'article {n:10-40}.",
        "minister": ("ministre délégué chargé des comptes publics", "ministre déléguée chargée des comptes publics"),
        "speeches": [
            "{P.g:Monsieur le président|Madame la présidente}, monsieur le ministre, mes chers collègues, ce budget est "
            "un budget d'affichage. Vous annoncez {amount} d'économies, mais personne sur ces bancs n'est capable de "
            "dire où elles seront trouvées. Les collectivités, elles, savent déjà qu'elles paieront l'addition.",
            "Dans ma circonscription, à {town}, la dotation globale de fonctionnement a baissé de {pct:2-9} en trois "
            "ans. Le maire, {M.civ_full}, m'a écrit la semaine dernière : {M.g:il|elle} devra choisir entre la rénovation de "
            "l'école et l'entretien de la voirie. Voilà la réalité que ce texte ignore.",
            "L'amendement que je défends vise simplement à rétablir la compensation intégrale de la taxe "
            "d'habitation pour les communes de moins de {num:2000-9000} habitants. Il est gagé, il est chiffré, il a "
            "été adopté en commission des finances. Je ne comprends pas l'avis défavorable du Gouvernement.",
            "Monsieur le ministre, vous nous dites que la dette est sous contrôle. La {org:Cour des comptes} dit "
            "exactement le contraire, et le {org:Haut Conseil des finances publiques} juge votre hypothèse de "
            "croissance « optimiste ». Qui faut-il croire ?",
            "Je veux rappeler quelques chiffres. La charge de la dette atteindra {amount} l'an prochain, soit "
            "davantage que le budget de l'enseignement supérieur. Ce n'est pas une opinion, c'est le tableau annexé "
            "à l'article liminaire, que chacun peut consulter.",
            "Nous ne voterons pas cet article. Non par principe, mais parce qu'il fait peser sur les ménages modestes "
            "un effort que vous refusez de demander aux plus grandes entreprises, dont les dividendes ont progressé "
            "de {pct:8-20} l'an dernier.",
            "Les départements financent le RSA, l'allocation personnalisée d'autonomie et la prestation de "
            "compensation du handicap. Leurs recettes de droits de mutation se sont effondrées avec le marché "
            "immobilier. Sans clause de sauvegarde, une vingtaine d'entre eux seront en difficulté dès {yr:+1}.",
            "On nous explique qu'il n'y a pas d'argent. Il y en avait pourtant pour supprimer la cotisation sur la "
            "valeur ajoutée des entreprises, soit {amount} par an de recettes en moins pour nos territoires.",
        ],
        "answers": [
            "{D.g:Monsieur le député|Madame la députée}, je connais votre attachement aux finances locales, et je le "
            "partage. Mais la dotation globale de fonctionnement est stable pour la troisième année consécutive, à "
            "{amount}, et elle augmente même pour les communes rurales. Avis défavorable.",
            "Le Gouvernement a fait le choix de la responsabilité. Nous tiendrons l'objectif de déficit, et nous le "
            "tiendrons sans augmenter les impôts des Français. Je ne peux donc pas accepter un amendement qui coûte "
            "{amount} sans la moindre contrepartie.",
            "Je veux rassurer {D.civ_full} : le fonds de sauvegarde des départements sera abondé en loi de finances "
            "rectificative si la situation l'exige. Nous en discuterons avec l'{org:Assemblée des départements de France}. "
            "Demande de retrait, à défaut avis défavorable.",
        ],
    },
    "transport": {
        "title": "Desserte ferroviaire des territoires",
        "intro": "{Pl}. L'ordre du jour appelle le débat sur la desserte ferroviaire des territoires, organisé à la "
        "demande du groupe {grp}. La conférence des présidents a décidé d'organiser ce débat en deux "
        "parties : dans un premier temps, nous entendrons les orateurs des groupes, puis le Gouvernement.",
        "minister": ("ministre délégué chargé des transports", "ministre déléguée chargée des transports"),
        "speeches": [
            "La ligne TER entre {town} et {city} a connu l'an dernier {n:40-300} suppressions de trains. Ce sont des "
            "salariés qui arrivent en retard, des lycéens qui attendent sur un quai sans abri, des patients qui "
            "manquent leur rendez-vous à l'hôpital. La région accuse la {org:SNCF}, la {org:SNCF} accuse "
            "{org:SNCF Réseau}, et l'État regarde ailleurs.",
            "Je pense à {C.civ_full}, {C.g:un habitant|une habitante} de {town} que j'ai {C.g:rencontré|rencontrée} "
            "samedi au marché. {C.g:Il|Elle} a {C.age} ans, {C.g:il|elle} n'a pas de voiture, et depuis la fermeture du "
            "guichet de la gare {C.g:il|elle} ne peut plus acheter son billet. Que lui répond le Gouvernement ? Qu'elle télécharge une application ?",
            "Sur les petites lignes, monsieur le ministre, votre plan d'investissement prévoit {amount} sur dix ans. "
            "C'est moins que ce que coûte un seul kilomètre de ligne à grande vitesse. Le compte n'y est pas, et les "
            "élus de la région {region} le savent mieux que quiconque.",
            "Le ferroviaire est la colonne vertébrale de l'aménagement du territoire. Quand une gare ferme, c'est un "
            "bureau de poste qui suit, puis une pharmacie, puis une école. Nous l'avons vu en {region}, nous le voyons "
            "partout.",
            "Notre proposition est simple : flécher une part du produit de la taxe sur les billets d'avion vers la "
            "régénération des lignes de desserte fine du territoire. C'est une mesure juste, écologique, et elle ne "
            "coûte rien au budget de l'État.",
            "Le prix du billet est devenu dissuasif. Un aller-retour {city}–Paris réservé trois jours à l'avance coûte "
            "plus cher qu'un vol pour Barcelone. Comment voulez-vous que nos concitoyens laissent leur voiture au "
            "garage ?",
            "Je salue les cheminots, qui font tourner ce réseau dans des conditions souvent difficiles. Le problème "
            "n'est pas eux. Le problème, ce sont quarante ans de sous-investissement dans l'entretien des voies.",
        ],
        "answers": [
            "{D.g:Monsieur le député|Madame la députée}, je ne laisserai pas dire que l'État se désengage. Le contrat de "
            "plan État-région prévoit {amount} pour les lignes de la région {region}, et les travaux de la section "
            "{town}–{town2} commenceront au printemps prochain.",
            "Vous avez raison sur un point : la régularité n'est pas au rendez-vous. J'ai demandé à la {org:SNCF} un plan "
            "d'action ligne par ligne, qui sera présenté aux autorités organisatrices avant l'été.",
            "S'agissant des guichets, je partage votre préoccupation. Aucune fermeture ne se fera sans solution de "
            "remplacement : agence postale, maison France services, ou vente à bord sans supplément.",
        ],
    },
    "agriculture": {
        "title": "Questions au Gouvernement — situation des éleveurs",
        "intro": "{Pl}. L'ordre du jour appelle les questions au Gouvernement. La parole est à {D.civ_full}, pour le "
        "groupe {D.party}.",
        "minister": (
            "ministre de l'agriculture et de la souveraineté alimentaire",
            "ministre de l'agriculture et de la souveraineté alimentaire",
        ),
        "speeches": [
            "Cet été, en {region}, la sécheresse a fait perdre jusqu'à {pct:20-45} des rendements de maïs. Les "
            "éleveurs achètent du fourrage à prix d'or. J'ai reçu la semaine dernière {C.civ_full}, "
            "{C.g:éleveur laitier|éleveuse laitière} à {town} depuis {n:5-25} ans : {C.g:il|elle} vend son lait en "
            "dessous de son prix de revient depuis six mois.",
            "La loi Egalim devait garantir un revenu digne aux agriculteurs. Trois ans plus tard, les négociations "
            "commerciales se concluent toujours au détriment des producteurs. Il faut des contrôles, et il faut des "
            "sanctions contre les centrales d'achat qui contournent la loi.",
            "Je veux saluer les jeunes agriculteurs qui s'installent malgré tout. Ils sont {n:20-80} cette année dans "
            "mon département, deux fois moins qu'il y a dix ans. Sans accompagnement du foncier, sans aide à la "
            "transmission, nous aurons demain des fermes sans paysans.",
            "Monsieur le ministre, la {org:FNSEA|Confédération paysanne|Coordination rurale} et les chambres "
            "d'agriculture vous le disent : l'assurance récolte ne fonctionne pas pour les petites exploitations. Les "
            "franchises sont trop élevées et les indemnisations arrivent trop tard.",
            "Les normes, nous les acceptons quand elles ont un sens. Mais quand un agriculteur de {town} doit remplir "
            "quatorze formulaires pour curer un fossé, ce n'est plus de la protection de l'environnement, c'est de "
            "l'absurdité administrative.",
            "Le loup a tué {n:30-200} brebis dans ma circonscription depuis le mois de mai. Les éleveurs font tout ce "
            "qu'on leur demande : chiens de protection, clôtures, gardiennage. Ils sont à bout.",
        ],
        "answers": [
            "{D.g:Monsieur le député|Madame la députée}, le Gouvernement est aux côtés des éleveurs. Le fonds d'urgence "
            "sera porté à {amount} et les premiers versements interviendront avant la fin du mois. J'étais moi-même "
            "dans une exploitation de la région {region} vendredi dernier.",
            "Sur Egalim, nous avons multiplié les contrôles : {n:300-900} enquêtes ont été menées cette année par la "
            "{org:DGCCRF}, et des amendes ont été prononcées. Nous irons plus loin dans le projet de loi d'orientation "
            "agricole.",
        ],
    },
    "housing": {
        "title": "Proposition de loi visant à faciliter l'accès au logement",
        "intro": "{Pl}. L'ordre du jour appelle la discussion de la proposition de loi visant à faciliter l'accès au "
        "logement des ménages modestes (no {n:1000-2500}). La parole est à {R.civ_full}, "
        "{R.g:rapporteur|rapporteure} de la commission des affaires économiques.",
        "minister": ("ministre délégué chargé du logement", "ministre déléguée chargée du logement"),
        "speeches": [
            "Deux millions de nos concitoyens attendent un logement social. À {city}, le délai moyen d'attribution "
            "dépasse {n:3-7} ans. Pendant ce temps, la production de logements sociaux est tombée à son plus bas "
            "niveau depuis vingt ans.",
            "Les passoires thermiques ne seront plus louables à partir de {yr:+1}. Très bien. Mais comment un "
            "propriétaire modeste de {town} finance-t-il {money} de travaux quand les dossiers MaPrimeRénov' restent "
            "bloqués six mois à l'{org:Agence nationale de l'habitat} ?",
            "J'ai dans ma permanence, tous les lundis, des familles qui vivent à cinq dans un deux-pièces. La semaine "
            "dernière encore, {C.civ_full}, {C.g:père|mère} de trois enfants, m'a montré le courrier de son bailleur lui "
            "annonçant une hausse de loyer de {pct:5-12}.",
            "L'encadrement des loyers fonctionne là où il est appliqué. Les chiffres de l'observatoire des loyers de "
            "{city} le montrent : les loyers de relocation y ont progressé deux fois moins vite que dans les communes "
            "voisines.",
            "Votre réforme du prêt à taux zéro exclut les zones détendues. Autrement dit, les jeunes ménages de nos "
            "villes moyennes n'y auront plus droit. C'est un très mauvais signal pour la revitalisation des "
            "centres-bourgs.",
            "Les maires bâtisseurs sont découragés. Ils construisent, ils accueillent de nouvelles familles, et ils "
            "doivent ensuite financer seuls les écoles, les crèches et les réseaux. Il faut une dotation qui "
            "récompense l'effort de construction.",
        ],
        "answers": [
            "{D.g:Monsieur le député|Madame la députée}, le Gouvernement partage l'objectif de ce texte, mais pas sa "
            "méthode. Le choc d'offre que nous engageons mobilisera {amount} sur trois ans, dont une part importante "
            "pour la rénovation du parc social.",
            "Sur MaPrimeRénov', les délais d'instruction ont été ramenés à {n:30-60} jours en moyenne. Il reste des "
            "dossiers en souffrance, je ne le nie pas, et j'ai demandé un point précis département par département.",
        ],
    },
    "health": {
        "title": "Débat sur l'accès aux soins dans les territoires",
        "intro": "{Pl}. L'ordre du jour appelle le débat sur l'accès aux soins dans les territoires ruraux et "
        "périurbains. La parole est à {D.civ_full}.",
        "minister": (
            "ministre délégué chargé de l'organisation territoriale et des professions de santé",
            "ministre déléguée chargée de l'organisation territoriale et des professions de santé",
        ),
        "speeches": [
            "Les urgences de l'hôpital de {town} ont fermé {n:5-30} nuits cet été, faute de médecins. Les plus proches "
            "sont à {n:35-80} kilomètres. Quand on fait un infarctus, monsieur le ministre, une heure de route, c'est "
            "une perte de chance.",
            "Dans mon département, {n:8-25} communes n'ont plus aucun médecin généraliste. Le dernier généraliste de "
            "{town}, le {G.dr_full}, part à la retraite en juin sans successeur, malgré la maison de santé que la "
            "commune a construite à ses frais.",
            "Le {U.pr_full}, qui dirige le département de médecine générale de la faculté de {city}, le dit sans détour : "
            "sans stage en zone rurale, les internes ne s'y installeront jamais. "
            "Nous proposons une mesure simple : une quatrième année d'internat de médecine générale effectuée dans les "
            "territoires sous-dotés, encadrée et correctement rémunérée. Les jeunes médecins que j'ai rencontrés y "
            "sont prêts, à condition qu'on les accompagne.",
            "La psychiatrie est l'angle mort de notre système de santé. Au centre médico-psychologique de {city}, il "
            "faut attendre {n:6-14} mois pour un premier rendez-vous d'un enfant. Six mois, dans la vie d'un "
            "adolescent, c'est une éternité.",
            "Je veux citer le témoignage de {C.civ_full}, infirmi{C.g:er|ère} libéral{C.g:|e} à {town}, qui fait {n:80-200} "
            "kilomètres par jour pour soigner des patients que plus aucun médecin ne visite. Sans ces professionnels, "
            "le maintien à domicile de nos aînés serait impossible.",
        ],
        "answers": [
            "{D.g:Monsieur le député|Madame la députée}, la situation que vous décrivez est réelle et je ne la minimise "
            "pas. L'{org:agence régionale de santé} a autorisé le recours à des médecins intérimaires pour sécuriser la "
            "permanence des soins à {town}, et une équipe territoriale sera constituée d'ici à l'automne.",
            "Nous avons supprimé le numerus clausus : {num:10000-12000} étudiants sont entrés en deuxième année cette "
            "année. Les effets seront visibles dans dix ans, c'est vrai ; c'est pourquoi nous agissons aussi à court "
            "terme, avec les assistants médicaux et les infirmiers en pratique avancée.",
        ],
    },
}

FR_GENERIC = [
    "Je serai {D.g:bref|brève}, {P.g:monsieur le président|madame la présidente}, car beaucoup a été dit. Mais je "
    "voudrais dire à nos collègues de la majorité qu'on ne peut pas, le mardi, déplorer la fracture territoriale et, "
    "le mercredi, voter contre tous les amendements qui visent à la réduire.",
    "Cet amendement a été cosigné par des collègues de cinq groupes différents, ce qui montre qu'il ne s'agit pas "
    "d'une question partisane. Il s'agit de bon sens, et j'invite chacun à le voter.",
    "Je retire mon amendement au profit de celui de {D2.civ_full}, qui est mieux rédigé, mais je souhaite que le "
    "Gouvernement prenne un engagement clair d'ici à la deuxième lecture.",
    "Nous avons entendu les mêmes promesses l'an dernier, dans cet hémicycle, presque à la même heure. Où en "
    "sommes-nous ? Nulle part. Les rapports s'empilent, les annonces se succèdent, et rien ne change sur le terrain.",
    "Je rappelle que le {org:Conseil d'État}, dans son avis du {date_past}, avait lui-même relevé la fragilité "
    "juridique de ce dispositif. Vous avez choisi de passer outre ; ne vous étonnez pas de la censure qui viendra.",
    "Le rapport d'information de nos collègues {D2.civ_full} et {D3.civ_full}, adopté à l'unanimité, formulait "
    "{n:12-40} recommandations. Combien ont été reprises dans ce texte ? Trois, et encore, en partie.",
    "Nos concitoyens ne demandent pas des miracles. Ils demandent que l'État tienne parole, que les services publics "
    "restent ouverts et que l'on cesse de leur expliquer depuis Paris ce qui est bon pour eux.",
    "Je voudrais rendre hommage à {H.g:notre ancien collègue|notre ancienne collègue} {H.full}, {H.g:né|née} le {H.dob} à {town}, qui nous a "
    "quittés le {date}. {H.g:Il|Elle} avait siégé sur ces bancs pendant trois législatures et avait fait de ces "
    "questions le combat de sa vie. (Mmes et MM. les députés se lèvent et observent une minute de silence.)",
    "Un dernier mot : le Sénat a adopté un dispositif comparable en première lecture. Je ne doute pas que la "
    "commission mixte paritaire saura s'en inspirer, si nous ne le faisons pas nous-mêmes ce soir.",
]

FR_INTERJECTIONS = [
    "{X.civ_full}. C'est faux !",
    "{X.civ_full}. Très bien !",
    "{X.civ_full}. Et la dette ?",
    "{X.civ_full}. Qui était au pouvoir en {yr:-8} ?",
    "{X.civ_full}. Caricature !",
    "{X.civ_full}. Excellent !",
    "{X.civ_full}. Il a raison !",
    "{X.civ_full}. Vous n'y croyez pas vous-même !",
]
FR_REACTIONS = [
    "(Applaudissements sur les bancs du groupe {grp}.)",
    "(Exclamations sur les bancs du groupe {grp}.)",
    "(Protestations sur les bancs du groupe {grp}.)",
    "(Murmures sur divers bancs.)",
    "(Applaudissements sur les bancs des groupes {grp} et {grp}.)",
    "({X.civ_full} proteste.)",
    "(Sourires.)",
    "(Vifs applaudissements sur les bancs du groupe {grp}. – Mme et MM. les députés du groupe {grp} se lèvent.)",
]
FR_CLOSINGS = [
    "{Pl}. La suite de la discussion est renvoyée à la prochaine séance.",
    "Prochaine séance, {pick:ce soir, à vingt et une heures trente|demain, à quinze heures|demain, à neuf heures}, "
    "suite de l'ordre du jour.",
    "(La séance est levée à {time}.)",
    "Le directeur des comptes rendus, {Dir.full}",
]


def _agree_fr(template: str) -> str:
    """The minister is addressed in the right gender: templates write the masculine form."""
    return template.replace("Monsieur le ministre", "{Min.g:Monsieur le ministre|Madame la ministre}").replace(
        "monsieur le ministre", "{Min.g:monsieur le ministre|madame la ministre}"
    )


def _fr_label(scene: Scene, role: str, first: bool) -> Fill:
    p = scene.cast[role]
    if "function" in p.attrs:
        return scene.render(f"{{{role}.civ_full}}, {p.attrs['function']}. ")
    return scene.render(f"{{{role}.civ_full}} ({p.attrs['party']}). " if first else f"{{{role}.civ_full}}. ")


def _take_the_floor(scene: Scene, role: str) -> None:
    """Make ``role`` the deputy called D, whom templates address and answer, by swapping places."""
    if role != "D":
        scene.cast["D"], scene.cast[role] = scene.cast[role], scene.cast["D"]


def compose_fr(scene: Scene, words: int, topic: str | None = None) -> Piece:
    rng = scene.rng
    topic_name = topic or rng.choice(sorted(FR_TOPICS))
    topic = FR_TOPICS[topic_name]
    president = scene.person("P", born=(1950, 1985))
    chair = "M. le président" if president.gender == "m" else "Mme la présidente"

    def render(template: str) -> Fill:
        # {Pl} is the chair's label, {grp} any group: plain words, never personal data.
        template = _agree_fr(template).replace("{Pl}", chair)
        while "{grp}" in template:
            template = template.replace("{grp}", rng.choice(FR_GROUPS), 1)
        return scene.render(template)

    deputies = ["D"] + [f"D{i}" for i in range(1, rng.randint(3, 5))]
    for role in deputies:
        scene.person(role, born=(1950, 1995), party=rng.choice(FR_GROUPS))
    minister = scene.person("Min", born=(1955, 1985))
    minister.attrs["function"] = topic["minister"][0 if minister.gender == "m" else 1]
    scene.person("H", born=(1925, 1950))  # a former member, remembered
    session = (
        f"{scene.day.year - 1}-{scene.day.year}" if scene.day.month <= 6 else f"{scene.day.year}-{scene.day.year + 1}"
    )
    draft = Draft()
    draft.add(Fill("Assemblée nationale — XVIe législature"), "h")
    draft.add(Fill(f"Session ordinaire de {session}"), "h")
    draft.add(
        scene.render(
            f"Compte rendu intégral — {rng.choice(('Première', 'Deuxième', 'Troisième'))} séance du {{weekday_date}}"
        ),
        "h",
    )
    draft.add(scene.render("Présidence de {P.civ_full}, {P.g:vice-président|vice-présidente}"))
    draft.add(render("{Pl}. La séance est ouverte."))
    draft.add(scene.render("(La séance est ouverte à {time}.)"))
    title = scene.render(topic["title"])
    draft.add(title, "h")
    draft.add(render(topic["intro"]))
    speeches = take(scene, FR_GENERIC, len(FR_GENERIC)) + take(scene, topic["speeches"], len(topic["speeches"]))
    answers = take(scene, topic["answers"], len(topic["answers"]))
    spoken: set[int] = set()
    turn = 0
    while speeches and draft.words < words:
        role = "D" if turn == 0 else rng.choice(deputies[1:])
        if turn:
            draft.add(render(f"{{Pl}}. La parole est à {{{role}.civ_full}}."))
        _take_the_floor(scene, role)
        speaker = id(scene.cast["D"])
        draft.add(concat(_fr_label(scene, "D", speaker not in spoken), render(speeches.pop())))
        spoken.add(speaker)
        if speeches and rng.random() < 0.5 and draft.words < words:
            draft.add(render(speeches.pop()))
        r = rng.random()
        if r < 0.45:
            draft.add(render(rng.choice(FR_REACTIONS).replace("{grp}", scene.cast["D"].attrs["party"], 1)))
        elif r < 0.7:
            scene.fresh("X", party=rng.choice(FR_GROUPS))
            draft.add(render(rng.choice(FR_INTERJECTIONS)))
        if answers and rng.random() < 0.5:
            draft.add(render("{Pl}. La parole est à {Min.g:M. le ministre|Mme la ministre}."))
            draft.add(concat(_fr_label(scene, "Min", False), render(answers.pop())))
        elif rng.random() < 0.4:
            draft.add(render("{Pl}. Quel est l'avis de la commission ?"))
            draft.add(
                render(
                    "{R.civ_full}, {R.g:rapporteur|rapporteure}. "
                    + rng.choice(
                        (
                            "Défavorable.",
                            "Avis défavorable, pour les raisons que j'ai exposées en commission.",
                            "La commission n'a pas examiné cet amendement. À titre personnel, avis favorable.",
                            "Sagesse.",
                        )
                    )
                )
            )
            draft.add(render("{Pl}. Quel est l'avis du Gouvernement ?"))
            draft.add(
                concat(_fr_label(scene, "Min", False), Fill(rng.choice(("Même avis.", "Défavorable.", "Sagesse."))))
            )
            draft.add(render("{Pl}. Je mets aux voix l'amendement no {n:100-2999}."))
            draft.add(Fill(rng.choice(("(L'amendement n'est pas adopté.)", "(L'amendement est adopté.)"))))
        turn += 1
    for template in FR_CLOSINGS:
        draft.add(render(template))
    return Piece(
        "parliament",
        "fr",
        f"{title.text} — séance du {scene.render('{doc_date}').text}",
        draft,
        extra={"topic": topic_name},
    )


# ============================================================================ English

EN_CONSTITUENCIES = (
    "Penrith and The Border",
    "Stroud",
    "Hexham",
    "Carlisle",
    "Bury St Edmunds",
    "Ceredigion",
    "Tiverton and Honiton",
    "Rother Valley",
    "Gower",
    "North Norfolk",
    "Keighley",
    "Scarborough and Whitby",
    "Bishop Auckland",
    "Westmorland and Lonsdale",
    "South West Devon",
    "Stockton North",
)

EN_TOPICS = {
    "buses": {
        "title": "Rural Bus Services",
        "minister": "The Minister of State, Department for Transport",
        "question": "What assessment he has made of the adequacy of bus services in rural areas.",
        "speeches": [
            "In {town}, the last bus to {city} now leaves at ten past five in the afternoon. Anyone who works a late "
            "shift, or simply wants to see a film, has no way home. Since the route was cut in {yr:-2}, passenger "
            "numbers on the remaining services have fallen by {pct:15-30}. Does the Minister accept that fewer buses "
            "means fewer passengers, not the other way round?",
            "My constituent {C.civ_full}, who is {C.age} and no longer drives, wrote to me last month to say that "
            "{C.g:he|she} has missed two hospital appointments because the only bus was cancelled without notice. What does the "
            "Minister have to say to {C.g:him|her}?",
            "The £2 fare cap has been a genuine success, and I welcome its extension. But a cheap fare is of little use "
            "if there is no bus to catch. Will the Minister ring-fence funding for supported routes in the next "
            "settlement for local transport authorities?",
            "Operators in {region} tell me that they cannot recruit drivers. The training costs are high, the hours "
            "are unsocial and the pay is poor. Will the Government work with the industry on a recruitment campaign?",
        ],
        "answers": [
            "I thank my hon. Friend for {D.g:his|her} question. We have invested {amount} in bus services since {yr:-3}, "
            "including {amount} for rural routes, and every local transport authority now has a bus service "
            "improvement plan.",
            "I am sorry to hear about the experience of the hon. Member's constituent. Cancellations without notice "
            "are unacceptable, and I would be happy to meet the hon. Member and the operator concerned.",
        ],
    },
    "waiting_lists": {
        "title": "NHS Waiting Lists",
        "minister": "The Minister for Health and Secondary Care",
        "question": "What recent progress his Department has made on reducing waiting times for elective treatment.",
        "speeches": [
            "At {town} General Hospital, {num:1000-9000} patients have now waited more than a year for treatment. "
            "Behind each of those numbers is a person in pain, unable to work or to care for their family. When will "
            "the Government admit that its recovery plan is not working?",
            "I recently met {C.civ_full}, a retired {C.g:postman|postwoman} in my constituency, who has waited nineteen "
            "months for a hip replacement. {C.g:He|She} told me {C.g:he|she} now spends most days in a chair. What does the Minister say to {C.civ_last}?",
            "NHS dentistry in {region} has all but disappeared. The nearest practice taking new adult patients is "
            "{n:30-70} miles from {town}. People are pulling out their own teeth. That is not an exaggeration; it is "
            "what constituents tell me every week.",
            "Will the Minister join me in thanking the staff of the {org:NHS} in {city}, who have cleared the backlog of "
            "cataract operations ahead of schedule, and will he look at how their approach could be spread elsewhere?",
        ],
        "answers": [
            "{D.g:The hon. Gentleman|The hon. Lady} is right that waiting lists remain too long, but they are now falling for the fourth month "
            "in a row. We have opened {n:100-170} community diagnostic centres, which have delivered more than "
            "{n:3-9} million additional tests and scans.",
            "I am very happy to join my hon. Friend in thanking those staff, who are doing a tremendous job. The "
            "Getting It Right First Time programme is doing exactly what {D.g:he|she} asks.",
        ],
    },
    "flooding": {
        "title": "Flooding: Support for Farmers",
        "minister": "The Minister for Food, Farming and Fisheries",
        "question": "What support her Department is providing to farmers affected by recent flooding.",
        "speeches": [
            "Storm {pick:Babet|Henk|Ciarán} left more than {num:2000-9000} acres of farmland under water in my "
            "constituency. Winter crops have been lost and fields will not be workable until the spring. The Farming "
            "Recovery Fund is welcome, but the eligibility rules exclude too many tenant farmers.",
            "The {org:Environment Agency} stopped dredging the river below {town} more than a decade ago. Local "
            "farmers offered to do the work themselves and were told they would need a permit costing thousands. "
            "Will the Minister cut through that red tape?",
            "{C.civ_full}, who farms {n:200-600} acres near {town}, told me that {C.g:his|her} insurer has refused to "
            "renew the policy. If farmers cannot insure their land, they cannot borrow against it. This is becoming a crisis of "
            "confidence across {region}.",
        ],
        "answers": [
            "I know how devastating the flooding has been, and I visited farms in {D.g:the hon. Gentleman's|the hon. Lady's} "
            "constituency last week. The Farming Recovery Fund will provide grants of up to {money} per farm, and we are reviewing "
            "the eligibility criteria for tenants.",
            "Internal drainage boards already have the powers my hon. Friend describes, and I will write to {D.g:him|her} with "
            "the details of the permitting regime, which we are simplifying.",
        ],
    },
    "housing": {
        "title": "Leasehold and Commonhold Reform",
        "minister": "The Minister for Housing and Planning",
        "question": "What steps he is taking to protect leaseholders from excessive service charges.",
        "speeches": [
            "Leaseholders in a block in {city} have just received service charge demands of {money} each, with no "
            "breakdown and no consultation. One of them, {C.civ_full}, is a nurse on a modest salary who bought {C.g:his|her} "
            "flat through shared ownership. {C.g:He|She} now faces losing {C.g:his|her} home.",
            "Ground rents that double every ten years are a scandal. The Bill abolishes them for new leases, which I "
            "welcome, but what about the hundreds of thousands of existing leaseholders who are trapped?",
            "The building safety remediation programme has stalled. Developers signed the pledge, yet in {town} "
            "residents are still living behind flammable cladding {n:5-7} years after Grenfell.",
        ],
        "answers": [
            "The hon. Member raises an important case. The Bill will require landlords to provide a standardised "
            "breakdown of service charges and will make it easier for leaseholders to challenge unreasonable costs at "
            "the tribunal.",
            "We have been clear that developers must fix the buildings they built. Where they fail to do so, the "
            "Recognised Developers Scheme allows us to block their planning permissions.",
        ],
    },
}

EN_GENERIC = [
    "I am grateful to the Minister for {Min.g:his|her} reply, but my constituents have heard warm words before. What they need "
    "is a date, a budget and a named official who will answer for it.",
    "Does the Minister agree that the previous Government's decision to abolish the regional fund has made this "
    "problem worse, and that it is communities like {town} that are paying the price?",
    "The Select Committee reported on this very issue in {yr:-2} and made {n:10-30} recommendations. How many of "
    "them have been implemented in full?",
    "I pay tribute to the late Member for this seat, {H.sir_full}, who was born on {H.dob} in {town} and who "
    "campaigned on this issue for thirty years. {H.g:He|She} would have been appalled at the lack of progress.",
    "The Office for Budget Responsibility forecasts that local authority spending power will fall in real terms "
    "next year. Councils in {region} are already cutting services to the bone.",
    "Will my right hon. Friend meet me and a delegation from {town} Town Council to discuss how the new "
    "arrangements will work in practice?",
]

EN_INTERJECTIONS = [
    "Hon. Members: Hear, hear!",
    "[Interruption.]",
    "Hon. Members: Shame!",
    "{Sp.g:Mr Speaker|Madam Deputy Speaker}: Order. The hon. Member must be heard.",
    "{Sp.g:Mr Speaker|Madam Deputy Speaker}: Order. Questions must be brief; there are many Members "
    "still hoping to catch my eye.",
]


def _en_label(scene: Scene, role: str, first: bool) -> Fill:
    p = scene.cast[role]
    if "function" in p.attrs:
        return scene.render(f"{p.attrs['function']} ({{{role}.full}}): " if first else f"{{{role}.full}}: ")
    if first:
        return scene.render(f"{{{role}.full}} ({{loc:{p.attrs['constituency']}}}) ({p.attrs['party']}): ")
    return scene.render(f"{{{role}.full}}: ")


def compose_en(scene: Scene, words: int, topic: str | None = None) -> Piece:
    rng = scene.rng
    topic_name = topic or rng.choice(sorted(EN_TOPICS))
    topic = EN_TOPICS[topic_name]
    scene.person("Sp", born=(1950, 1975))
    deputies = ["D"] + [f"D{i}" for i in range(1, rng.randint(3, 5))]
    for role in deputies:
        scene.person(role, born=(1950, 1995), party=rng.choice(EN_PARTIES), constituency=rng.choice(EN_CONSTITUENCIES))
    minister = scene.person("Min", born=(1955, 1985))
    minister.attrs["function"] = topic["minister"]
    scene.person("H", born=(1925, 1950))  # a former member, remembered
    draft = Draft()
    draft.add(Fill("House of Commons"), "h")
    draft.add(scene.render("{weekday_date}"), "h")
    draft.add(scene.render("The House met at {pick:half-past Eleven|half-past Two|half-past Nine} o'clock"))
    draft.add(Fill("Prayers"))
    draft.add(scene.render("[{Sp.g:Mr Speaker|Madam Deputy Speaker} in the Chair]"))
    title = scene.render(topic["title"])
    draft.add(title, "h")
    draft.add(concat(Fill(f"{rng.randint(1, 20)}. "), _en_label(scene, "D", True), Fill(topic["question"])))
    spoken = {id(scene.cast["D"])}
    answers = take(scene, topic["answers"], len(topic["answers"])) + [
        "I will certainly look at the case the hon. Member raises and write to {D.g:him|her}.",
        "My hon. Friend is a doughty champion for {town}, and I would be delighted to meet {D.g:him|her}.",
    ]
    draft.add(concat(_en_label(scene, "Min", True), scene.render(answers.pop(0))))
    speeches = take(scene, EN_GENERIC, len(EN_GENERIC)) + take(scene, topic["speeches"], len(topic["speeches"]))
    while speeches and draft.words < words:
        role = rng.choice(deputies[1:])  # never the member who just spoke, who is D
        if role != "D":
            scene.cast["D"], scene.cast[role] = scene.cast[role], scene.cast["D"]
        speaker = id(scene.cast["D"])
        draft.add(concat(_en_label(scene, "D", speaker not in spoken), scene.render(speeches.pop())))
        spoken.add(speaker)
        if rng.random() < 0.3:
            draft.add(scene.render(rng.choice(EN_INTERJECTIONS)))
        if answers:
            draft.add(concat(_en_label(scene, "Min", False), scene.render(answers.pop(0))))
    return Piece(
        "parliament",
        "en",
        f"{title.text} — House of Commons, {scene.render('{doc_date}').text}",
        draft,
        extra={"topic": topic_name},
    )
