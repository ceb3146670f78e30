"""Court decisions: French cour d'appel arrêts and English county court and tribunal judgments.

French decisions name the parties in capitals in the heading ("Madame Sophie LAMBERT, née le
12 avril 1968"), then by title and surname ("Mme LAMBERT"), sometimes by initial; English
judgments use numbered paragraphs, titles and possessives ("Mrs Jenkins's evidence").
"""

from __future__ import annotations

from provenance_demo.prose import Piece, concat, take
from provenance_demo.scene import Draft, Fill, Scene, Span

# ============================================================================ French

FR_TOPICS = {
    "bail": {
        "chambre": "8ème chambre civile",
        "intime": "company",
        "faits": [
            "Par acte sous seing privé du {t1}, la {company} a donné à bail à {A.civ_full} un appartement situé "
            "{A.address}, moyennant un loyer mensuel de {money} outre provisions sur charges.",
            "Des loyers étant demeurés impayés à compter du mois de {pick:janvier|mars|septembre} {yr:-2}, la bailleresse a "
            "fait délivrer à {A.civ_LAST} un commandement de payer visant la clause résolutoire, resté infructueux.",
            "{A.civ_LAST} soutient que le logement présentait des désordres d'humidité importants, constatés par le "
            "service communal d'hygiène et de santé, et qu'{A.g:il|elle} avait à plusieurs reprises alerté le gestionnaire "
            "par courriers recommandés restés sans réponse.",
            "Par jugement du {t3}, le juge des contentieux de la protection du tribunal judiciaire de {city} a "
            "constaté la résiliation du bail, ordonné l'expulsion de {A.civ_LAST} et l'a {A.g:condamné|condamnée} au "
            "paiement d'un arriéré locatif.",
        ],
        "pretentions": [
            "Aux termes de ses dernières conclusions, {A.civ_LAST} demande à la cour d'infirmer le jugement, de "
            "constater l'indécence du logement et de condamner la bailleresse à lui verser {money} à titre de "
            "dommages et intérêts en réparation de son préjudice de jouissance.",
            "La {company}, intimée, conclut à la confirmation du jugement et sollicite la condamnation de "
            "l'appelant{A.g:|e} au paiement de {money} au titre de l'{law:article 700 du code de procédure civile}.",
        ],
        "motifs": [
            "Il résulte de l'article 6 de la loi du 6 juillet 1989 que le bailleur est tenu de remettre au locataire un "
            "logement décent ne laissant pas apparaître de risques manifestes pouvant porter atteinte à la sécurité "
            "physique ou à la santé.",
            "En l'espèce, le rapport du service d'hygiène du {t2} relève la présence de moisissures dans deux "
            "pièces et une ventilation insuffisante. Ces constatations ne sont pas sérieusement contestées par "
            "l'intimée, qui se borne à invoquer un défaut d'aération imputable à l'occupant{A.g:|e}.",
            "Toutefois, l'exception d'inexécution ne peut être opposée par le locataire que si le logement est "
            "devenu inhabitable, ce qui n'est pas établi. {A.civ_LAST} restait donc tenu{A.g:|e} au paiement des loyers.",
            "Le préjudice de jouissance subi par {A.civ_LAST} sera justement réparé par l'allocation d'une somme de "
            "{money}, qui se compensera avec l'arriéré locatif.",
        ],
    },
    "licenciement": {
        "chambre": "Chambre sociale",
        "intime": "company",
        "faits": [
            "{A.civ_full} a été {A.g:engagé|engagée} par la {company} suivant contrat à durée indéterminée du "
            "{t1}, en qualité de {A.g:chauffeur-livreur|chauffeuse-livreuse}, moyennant un salaire brut mensuel "
            "de {num:1800-2600} euros.",
            "Par lettre recommandée du {t2}, {A.g:il|elle} a été {A.g:convoqué|convoquée} à un entretien préalable "
            "à un éventuel licenciement, puis {A.g:licencié|licenciée} pour faute grave, l'employeur lui reprochant des "
            "retards répétés et un comportement agressif envers un chef d'équipe, {B.civ_full}.",
            "Contestant son licenciement, {A.civ_LAST} a saisi le conseil de prud'hommes de {city}, qui, par jugement "
            "du {t3}, l'a {A.g:débouté|déboutée} de l'ensemble de ses demandes.",
            "{A.g:Le salarié|La salariée} produit les attestations de deux collègues, {C.init} et {D.civ_init}, qui indiquent que "
            "les retards reprochés coïncidaient avec des modifications de planning communiquées la veille au soir.",
        ],
        "pretentions": [
            "{A.civ_LAST} sollicite l'infirmation du jugement, la requalification de son licenciement en licenciement "
            "sans cause réelle et sérieuse et le paiement de {money} au titre des heures supplémentaires non "
            "rémunérées.",
            "La {company} demande la confirmation du jugement et la condamnation de l'appelant{A.g:|e} à lui verser "
            "{money} en application de l'{law:article 700 du code de procédure civile}.",
        ],
        "motifs": [
            "La faute grave est celle qui rend impossible le maintien du salarié dans l'entreprise. La charge de la "
            "preuve en incombe à l'employeur.",
            "Les retards allégués ne sont établis que par un tableau établi unilatéralement par l'employeur, sans "
            "relevé de badgeuse ni témoignage précis. L'altercation avec {B.civ_LAST}, si elle est avérée, s'inscrit "
            "dans un contexte de tension que l'employeur n'ignorait pas.",
            "Il s'ensuit que le licenciement est dépourvu de cause réelle et sérieuse. En application de "
            "l'{law:article L. 1235-3 du code du travail}, et compte tenu de l'ancienneté de {A.civ_LAST} et de son âge, il lui sera alloué {money} à "
            "titre de dommages et intérêts.",
            "S'agissant des heures supplémentaires, le salarié présente des éléments suffisamment précis, notamment "
            "des relevés de tournées, auxquels l'employeur ne répond pas utilement.",
        ],
    },
    "accident": {
        "chambre": "1ère chambre civile",
        "intime": "person",
        "faits": [
            "Le {t1}, vers 18 heures, {A.civ_full}, qui circulait à bicyclette sur la route départementale à "
            "{town}, a été {A.g:heurté|heurtée} par un véhicule automobile immatriculé {plate}, conduit par "
            "{B.civ_full} et assuré auprès de la société {org:MAAF Assurances|MACIF|Groupama}.",
            "{A.g:Grièvement blessé|Grièvement blessée}, {A.civ_LAST} a été {A.g:hospitalisé|hospitalisée} au CHU de "
            "{city} pendant {n:10-60} jours. L'expert judiciaire, le {E.dr_full}, a fixé la date de consolidation au "
            "{t2} et retenu un déficit fonctionnel permanent de {n:5-35} %.",
            "{A.g:Né|Née} le {A.dob}, la victime était âgée de {A.age} ans au jour de la consolidation et exerçait la "
            "profession de {A.g:technicien|technicienne} de maintenance. La caisse primaire d'assurance maladie a servi "
            "des prestations à {A.g:l'assuré social|l'assurée sociale} immatriculé{A.g:|e} sous le numéro {A.nir}.",
            "Par jugement du {t3}, le tribunal judiciaire de {city} a déclaré {B.civ_LAST} entièrement "
            "{B.g:responsable|responsable} de l'accident et l'a {B.g:condamné|condamnée}, in solidum avec son "
            "assureur, à indemniser la victime.",
        ],
        "pretentions": [
            "{A.civ_LAST} conteste l'évaluation de plusieurs postes de préjudice et demande que l'indemnisation de "
            "la perte de gains professionnels futurs soit portée à {amount}.",
            "{B.civ_LAST} et son assureur soutiennent que la victime a commis une faute en circulant sans éclairage, "
            "de nature à limiter son droit à indemnisation.",
        ],
        "motifs": [
            "Il résulte de la loi du 5 juillet 1985 que seule la faute inexcusable de la victime, cause exclusive de "
            "l'accident, peut lui être opposée lorsqu'elle n'est pas conductrice d'un véhicule terrestre à moteur.",
            "Le procès-verbal de gendarmerie mentionne que l'éclairage public fonctionnait et que le conducteur a "
            "reconnu avoir été ébloui par le soleil couchant. Aucune faute inexcusable n'est donc caractérisée.",
            "Au vu du rapport d'expertise et des pièces produites, notamment les avis d'imposition et l'attestation de "
            "l'employeur, la perte de gains professionnels futurs sera évaluée à {amount}.",
        ],
    },
    "fraude": {
        "chambre": "3ème chambre civile",
        "intime": "bank",
        "faits": [
            "{A.civ_full}, titulaire d'un compte ouvert dans les livres de la banque {bank}, a constaté le "
            "{t1} plusieurs opérations de paiement qu'{A.g:il|elle} conteste avoir autorisées, réalisées au "
            "moyen de sa carte bancaire n° {card}, pour un montant total de {money}.",
            "{A.civ_LAST} expose avoir reçu la veille un appel d'une personne se présentant comme conseiller du "
            "service des fraudes, qui lui a demandé de valider une « opération de sécurisation » sur son application.",
            "La banque a refusé de rembourser les sommes en invoquant une négligence grave de sa cliente, qui aurait "
            "communiqué à un tiers les codes reçus par SMS. {A.civ_LAST} a alors assigné la banque devant le tribunal "
            "judiciaire de {city}.",
            "Il est constant que les fonds ont été virés vers un compte ouvert à l'étranger, IBAN {iban_be}, "
            "aujourd'hui clôturé, au moyen d'une copie du passeport n° {passport} dérobée à {A.civ_LAST}, ainsi que "
            "l'établit le procès-verbal de plainte.",
        ],
        "pretentions": [
            "{A.civ_LAST} demande la condamnation de la banque à lui rembourser {money} en application de "
            "l'{law:article L. 133-18 du code monétaire et financier}, outre intérêts au taux légal.",
            "La banque soutient que les opérations ont été authentifiées par un dispositif d'authentification forte et "
            "que sa cliente a manqué, par négligence grave, à ses obligations de sécurité.",
        ],
        "motifs": [
            "Il appartient au prestataire de services de paiement de prouver que l'opération a été authentifiée, "
            "dûment enregistrée et comptabilisée, et que l'utilisateur a agi frauduleusement ou n'a pas satisfait, "
            "par négligence grave, à ses obligations.",
            "La seule circonstance que les opérations ont été validées au moyen du dispositif d'authentification ne "
            "suffit pas à établir une négligence grave. L'appelant{A.g:|e} a été {A.g:victime|victime} d'un procédé de "
            "manipulation élaboré, le fraudeur disposant d'informations personnelles le rendant crédible.",
            "La banque sera en conséquence condamnée à rembourser la somme de {money}.",
        ],
    },
    "vice_cache": {
        "chambre": "1ère chambre civile",
        "intime": "person",
        "faits": [
            "Suivant certificat de cession du {t1}, {B.civ_full} a vendu à {A.civ_full} un véhicule de marque "
            "Peugeot, modèle 308, immatriculé {plate}, affichant {num:90000-180000} kilomètres, au prix de {money}.",
            "Moins de trois mois après la vente, le véhicule est tombé en panne sur l'autoroute. Le garage a "
            "diagnostiqué une rupture de la distribution et une usure anormale du moteur.",
            "L'expert désigné en référé a conclu que le compteur kilométrique avait été modifié et que le moteur "
            "présentait, au jour de la vente, un défaut le rendant impropre à l'usage.",
        ],
        "pretentions": [
            "{A.civ_LAST} sollicite la résolution de la vente sur le fondement de l'{law:article 1641 du code civil} et la restitution du prix.",
            "{B.civ_LAST}, {B.g:identifié|identifiée} dans l'acte par sa carte nationale d'identité n° {idcard}, fait "
            "valoir qu'{B.g:il|elle} ignorait le défaut et qu'{B.g:il|elle} avait {B.g:lui-même|elle-même} "
            "acquis le véhicule d'occasion.",
        ],
        "motifs": [
            "Le vendeur est tenu de la garantie à raison des défauts cachés de la chose vendue qui la rendent impropre "
            "à l'usage auquel on la destine.",
            "Le rapport d'expertise établit que le défaut existait antérieurement à la vente et n'était pas décelable "
            "par un acheteur profane. La bonne foi de {B.civ_LAST} est sans incidence sur la résolution.",
            "La vente sera résolue ; {B.civ_LAST} devra restituer le prix contre reprise du véhicule à ses frais.",
        ],
    },
}

FR_PROCEDURE = [
    "Par déclaration du {t4}, {A.civ_LAST} a interjeté appel de ce jugement.",
    "L'affaire a été plaidée à l'audience du {date}, l'ordonnance de clôture ayant été rendue le mois précédent.",
    "Pour un plus ample exposé des moyens des parties, il est renvoyé, conformément à l'article 455 du code de "
    "procédure civile, à leurs dernières conclusions.",
]
FR_DISPOSITIF = [
    "Infirme le jugement en toutes ses dispositions ;",
    "Confirme le jugement en ce qu'il a {pick:constaté la résiliation du bail|débouté les parties de leurs autres demandes} ;",
    "Statuant à nouveau, condamne {X} à payer à {Y} la somme de {money} à titre de dommages et intérêts ;",
    "Condamne {X} à payer à {Y} la somme de {money} au titre de l'article 700 du code de procédure civile ;",
    "Condamne {X} aux dépens de première instance et d'appel.",
]
FR_BANKS = ("BNP Paribas", "LCL", "La Banque Postale", "Boursorama", "Société Générale")


def _court_city(scene: Scene) -> Fill:
    city = scene.render("{city}")
    upper = city.text.upper()
    return Fill(upper, [Span(0, len(upper), "LOCATION", False, upper)])


def compose_fr(scene: Scene, words: int, topic: str | None = None) -> Piece:
    rng = scene.rng
    topic_name = topic or rng.choice(sorted(FR_TOPICS))
    topic = FR_TOPICS[topic_name]
    a = scene.person("A", born=(1950, 1998))
    bank_name = rng.choice(FR_BANKS)
    bank = Fill(bank_name, [Span(0, len(bank_name), "ORGANIZATION", False, bank_name)])
    scene.define("bank", bank)
    draft = Draft()
    draft.add(concat(Fill("COUR D'APPEL DE "), _court_city(scene)), "h")
    draft.add(Fill(topic["chambre"]), "h")
    draft.add(scene.render("ARRÊT DU {doc_date}"), "h")
    draft.add(
        scene.render(
            "N° RG {rg} - N° Portalis DBVX-V-B7G-" + "".join(rng.choice("BCDFGHJKLMNPQRSTVWXZ") for _ in range(4))
        )
    )
    first_court = "conseil de prud'hommes" if topic_name == "licenciement" else "tribunal judiciaire"
    draft.add(scene.render(f"Décision déférée à la cour : jugement du {first_court} de {{city}} du {{t3}}"))
    appellant = "APPELANT :" if a.gender == "m" else "APPELANTE :"
    draft.add(Fill(appellant), "h")
    draft.add(
        scene.render(
            "{A.civility_caps}\n{A.g:né|née} le {A.dob} à {loc:Lyon|Villeurbanne|Bron|Oullins|Vienne} "
            "(69)\ndemeurant {A.address}"
            if rng.random() < 0.7
            else "{A.civility_caps}\n{A.g:né|née} le {A.dob_num}\ndemeurant {A.address}"
        )
    )
    draft.add(scene.render("Représenté{A.g:|e} par {L.me_LAST}, avocat{L.g:|e} au barreau de {city}"))
    intime = topic["intime"]
    if intime == "person":
        b = scene.person("B", born=(1945, 1995))
        draft.add(Fill("INTIMÉ :" if b.gender == "m" else "INTIMÉE :"), "h")
        draft.add(scene.render("{B.civility_caps}\n{B.g:né|née} le {B.dob_num}\ndemeurant {B.address}"))
    elif intime == "company":
        landlord = topic_name == "bail"
        name = rng.choice(
            ("SCI des Tilleuls", "SCI Immobilière du Confluent", "SCI Les Hauts de Saône")
            if landlord
            else ("SAS Transports Rhône-Azergues", "SAS Métallerie Saône-Est", "SAS Cartonnages de l'Ouest")
        )
        scene.define("company", Fill(name, [Span(0, len(name), "ORGANIZATION", False, name)]))
        kind = "société civile immobilière" if landlord else "société par actions simplifiée"
        draft.add(Fill("INTIMÉE :"), "h")
        draft.add(
            scene.render(
                "{company}, " + kind + " immatriculée au RCS de {city} sous le numéro "
                "{siren}, SIRET {siret}, prise en la personne de son représentant légal"
            )
        )
    else:
        draft.add(Fill("INTIMÉE :"), "h")
        draft.add(
            concat(
                Fill("SA "), bank, scene.render(", prise en la personne de ses représentants légaux, SIRET {siret}")
            )
        )
    draft.add(scene.render("Représentée par {M.me_LAST}, avocat{M.g:|e} au barreau de {city}"))
    draft.add(
        scene.render(
            "COMPOSITION DE LA COUR : {P.civ_full}, {P.g:président|présidente} ; {Q.civ_full}, "
            "{Q.g:conseiller|conseillère} ; {S.civ_full}, {S.g:conseiller|conseillère}"
        )
    )
    draft.add(Fill("FAITS, PROCÉDURE ET PRÉTENTIONS DES PARTIES"), "h")
    for template in topic["faits"]:
        draft.add(scene.render(template))
    for template in FR_PROCEDURE[: 1 + (words > 600) * 2]:
        draft.add(scene.render(template))
    for template in topic["pretentions"]:
        draft.add(scene.render(template))
    draft.add(Fill("MOTIFS DE LA DÉCISION"), "h")
    for template in topic["motifs"]:
        draft.add(scene.render(template))
    draft.add(Fill("PAR CES MOTIFS"), "h")
    draft.add(Fill("LA COUR,"))
    draft.add(
        Fill("Statuant publiquement, par arrêt contradictoire, en dernier ressort, mis à disposition au greffe,")
    )
    winner_a = rng.random() < 0.6
    x, y = (
        "{B.civ_LAST}" if intime == "person" else "la " + ("{company}" if intime == "company" else "banque"),
        "{A.civ_LAST}",
    )
    if not winner_a:
        x, y = y, x
    for template in take(scene, FR_DISPOSITIF, 3 + (words > 500)):
        draft.add(scene.render(template.replace("{X}", x).replace("{Y}", y)))
    draft.add(scene.render("LE GREFFIER                    LE PRÉSIDENT\n{G.caps}                    {P.caps}"))
    title = f"Cour d'appel de {scene.render('{city}').text}, {topic['chambre']}, {scene.render('{doc_date}').text}, n° {scene.render('{rg}').text}"
    return Piece("court", "fr", title, draft, extra={"topic": topic_name})


# ============================================================================ English

EN_TOPICS = {
    "deposit": {
        "court": "IN THE COUNTY COURT AT {CITY}",
        "defendant": "company",
        "paragraphs": [
            "This is a claim by {A.civ_full} against {company} for the return of a tenancy deposit of {money} and "
            "for a penalty under {law:section 214 of the Housing Act 2004}, on the basis that the deposit was not protected in an authorised scheme.",
            "{A.civ_last} occupied the flat at {A.address} under an assured shorthold tenancy from {t1}. She paid "
            "the deposit by bank transfer from her account, {iban_gb}, on the day the tenancy began.",
            "The Defendant's director, {B.full}, gave evidence that the deposit had been protected with one of the "
            "schemes, but was unable to produce a certificate. The scheme has no record of it.",
            "I found {A.civ} {A.poss} evidence clear and consistent. She kept careful records, including photographs taken on "
            "the day she moved out, and her account was not seriously challenged in cross-examination.",
            "The Defendant relies on deductions for cleaning and redecoration. There is no check-in inventory, and in "
            "its absence I cannot be satisfied that the condition of the flat was worse at the end of the tenancy than "
            "at its start, fair wear and tear excepted.",
            "Having found that the deposit was not protected within 30 days, I must order the Defendant to pay a sum "
            "of between one and three times the deposit. This was not a case of a landlord who made an honest mistake; "
            "{B.civ} {B.poss} explanation changed during the hearing. I award twice the deposit.",
        ],
    },
    "dismissal": {
        "court": "EMPLOYMENT TRIBUNALS",
        "defendant": "company",
        "paragraphs": [
            "The Claimant, {A.civ_full}, was employed by the Respondent as a delivery driver from {t1} until "
            "{A.g:his|her} dismissal for gross misconduct. {A.g:He|She} claims unfair dismissal and unpaid overtime.",
            "The Respondent's case is that the Claimant was repeatedly late and was aggressive towards a shift "
            "manager, {B.civ_full}, on the loading bay. The Claimant denies any aggression.",
            "I heard evidence from the Claimant and, for the Respondent, from {B.civ_last} and from the operations "
            "director, {C.civ_full}. I also read statements from two of the Claimant's colleagues.",
            "{A.civ} {A.poss} evidence, which I accept, was that rota changes were routinely sent by text the night before, "
            "often after {A.g:he|she} had gone to bed. The lateness records were compiled by hand after the event.",
            "The investigation was conducted by the same manager who was said to have been threatened. That is not a "
            "reasonable procedure for an employer of the Respondent's size and administrative resources, applying "
            "{law:section 98(4) of the Employment Rights Act 1996}.",
            "The dismissal was unfair. Had a fair procedure been followed, I find there is a 25% chance that the "
            "Claimant would have been dismissed in any event, and the compensatory award is reduced accordingly.",
        ],
    },
    "rta": {
        "court": "IN THE COUNTY COURT AT {CITY}",
        "defendant": "person",
        "paragraphs": [
            "On {t1}, the Claimant, {A.civ_full}, was cycling along Station Road in {town} when {A.g:he|she} "
            "was struck by a car driven by the Defendant, {B.civ_full}. Liability was admitted shortly before trial.",
            "The Claimant was born on {A.dob} and was {A.age} at the date of trial. {A.g:He|She} suffered a fracture of "
            "the left tibia and fibula and was in hospital for eleven days.",
            "The orthopaedic expert, {E.dr_full}, considers that the Claimant will probably develop post-traumatic "
            "arthritis in the ankle within fifteen years. The Defendant's expert, {F.dr_full}, puts the risk lower.",
            "I prefer the evidence of {E.dr_last}, who examined the Claimant twice and whose report engages with the "
            "imaging in detail. Dr {F.poss} report is, with respect, more general.",
            "For pain, suffering and loss of amenity I award {money}. The claim for future loss of earnings is "
            "assessed on a Smith v Manchester basis in the sum of {money}.",
        ],
    },
    "fraud": {
        "court": "IN THE COUNTY COURT AT {CITY}",
        "defendant": "bank",
        "paragraphs": [
            "The Claimant, {A.civ_full}, holds a current account with the Defendant bank. On {t1}, six "
            "payments totalling {money} were made using {A.g:his|her} debit card, number {card}.",
            "{A.civ_last} says {A.g:he|she} received a call from someone claiming to be from the bank's fraud team, who "
            "knew {A.g:his|her} address, {A.address}, and the last four digits of the card.",
            "The Defendant refused a refund on the ground that the Claimant had been grossly negligent in approving "
            "the payments in the banking app. It relies on {law:regulation 77 of the Payment Services Regulations 2017}.",
            "Gross negligence is a high threshold. The caller was plausible and persistent, and {A.civ} {A.poss} account of "
            "the call, which I accept, shows that {A.g:he|she} was manipulated rather than careless.",
            "The Defendant must refund the sum of {money} with interest.",
        ],
    },
}

EN_BANKS = ("Barclays Bank UK PLC", "Lloyds Bank plc", "National Westminster Bank plc", "HSBC UK Bank plc")


def compose_en(scene: Scene, words: int, topic: str | None = None) -> Piece:
    rng = scene.rng
    topic_name = topic or rng.choice(sorted(EN_TOPICS))
    topic = EN_TOPICS[topic_name]
    if topic_name == "deposit":
        scene.person("A", gender="f", born=(1975, 2000))
    else:
        scene.person("A", born=(1955, 1998))
    if topic["defendant"] == "company":
        name = rng.choice(
            ("Northgate Lettings Ltd", "Linford Homes Ltd", "Kingsway Residential Lettings Ltd")
            if topic_name == "deposit"
            else ("Riverside Logistics plc", "Kestrel Security Services Ltd", "Meadowbank Care Homes")
        )
        scene.define("company", Fill(name, [Span(0, len(name), "ORGANIZATION", False, name)]))
    draft = Draft()
    court = topic["court"]
    if "{CITY}" in court:
        draft.add(concat(Fill(court.replace("{CITY}", "")), _court_city(scene)), "h")
    else:
        draft.add(Fill(court), "h")
    draft.add(scene.render("Case No: {rg}"))
    draft.add(scene.render("Date: {doc_date}"))
    draft.add(
        scene.render(
            "Before: {J.g:HIS HONOUR JUDGE|HER HONOUR JUDGE} {J.LAST}"
            if "COUNTY" in court
            else "Before: Employment Judge {J.last}"
        )
    )
    draft.add(Fill("Between:"))
    draft.add(scene.render("{A.civility_caps}\nClaimant"))
    if topic["defendant"] == "person":
        scene.person("B", born=(1950, 1998))
        draft.add(scene.render("- and -\n{B.civility_caps}\nDefendant"))
    elif topic["defendant"] == "company":
        draft.add(scene.render("- and -\n{company}\n" + ("Respondent" if "EMPLOYMENT" in court else "Defendant")))
    else:
        bank = rng.choice(EN_BANKS)
        draft.add(
            concat(
                Fill("- and -\n"), Fill(bank, [Span(0, len(bank), "ORGANIZATION", False, bank)]), Fill("\nDefendant")
            )
        )
    draft.add(
        scene.render(
            "{K.civ_full} (instructed by {pick:Direct Access|Harford Law LLP|Citizens Advice}) for the "
            "Claimant\n{N.civ_full} for the " + ("Respondent" if "EMPLOYMENT" in court else "Defendant")
        )
    )
    draft.add(Fill("JUDGMENT" if "COUNTY" in court else "REASONS"), "h")
    for number, template in enumerate(topic["paragraphs"], start=1):
        draft.add(concat(Fill(f"{number}. "), scene.render(template)))
    title = f"{court.replace('{CITY}', scene.render('{city}').text.upper())}, Case No {scene.render('{rg}').text}, {scene.render('{doc_date}').text}"
    return Piece("court", "en", title, draft, extra={"topic": topic_name})
