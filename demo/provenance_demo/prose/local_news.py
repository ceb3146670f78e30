"""Local news: French regional-paper and English local-paper articles (storms, councils, clubs, strikes, courts)."""

from __future__ import annotations

from provenance_demo.prose import Piece, capitalised, take
from provenance_demo.scene import Draft, Scene

# ============================================================================ French

FR_TOPICS = {
    "tempete": {
        "titles": [
            "Tempête : {town} panse ses plaies",
            "Après la tempête, la solidarité s'organise à {town}",
            "Vents violents : toitures arrachées et routes coupées autour de {town}",
        ],
        "lead": [
            "Des rafales à plus de {n:110-150} km/h ont balayé le secteur dans la nuit de {pick:samedi|dimanche|lundi}. "
            "À {town}, une cinquantaine de foyers étaient encore privés d'électricité hier soir.",
            "Arbres déracinés, tuiles envolées, caves inondées : la tempête n'a épargné aucun quartier de {town}. "
            "Les pompiers ont effectué plus de {n:80-300} interventions en vingt-quatre heures.",
        ],
        "body": [
            "Rue de la Gare, un platane centenaire s'est abattu sur deux voitures en stationnement. « J'ai entendu un "
            "craquement énorme vers trois heures du matin, j'ai cru que c'était la maison », raconte {A.full}, "
            "{A.age} ans, qui habite juste en face.",
            "Les équipes d'{org:Enedis} sont mobilisées depuis l'aube. Selon le gestionnaire du réseau, le courant devrait "
            "être rétabli d'ici à {pick:mercredi|jeudi|la fin de semaine} dans les hameaux les plus isolés, où les "
            "lignes ont été arrachées sur plusieurs centaines de mètres.",
            "À la salle des fêtes, la mairie a ouvert un point d'accueil pour les sinistrés. Café chaud, couvertures, "
            "prises pour recharger les téléphones : une vingtaine de bénévoles se relaient depuis dimanche matin.",
            "Le maire, {M.civ_full}, a demandé la reconnaissance de l'état de catastrophe naturelle. « Les dégâts sont "
            "considérables, notamment sur les bâtiments communaux. Le toit du gymnase est à refaire entièrement », "
            "a-t-{M.g:il|elle} précisé lors d'un point presse improvisé devant la mairie.",
            "{org:Météo-France} avait placé le département en vigilance orange dès vendredi. Les services de l'État "
            "rappellent qu'il faut éviter les abords des cours d'eau, dont le niveau continue de monter, et ne pas "
            "s'approcher des câbles tombés à terre.",
            "Sa fille, qui vit à La Réunion, n'a pu joindre ses parents qu'en fin de matinée : « J'ai appelé le "
            "{phone_dom} toute la nuit, en vain », raconte-t-elle. "
            "Pour {B.civ_full}, agricult{B.g:eur|rice} au lieu-dit Les Granges, le bilan est lourd : un hangar effondré et "
            "une partie du troupeau à reloger. « On a passé la nuit dehors avec les voisins. Sans eux, je ne sais pas "
            "comment on aurait fait. »",
            "La circulation reste perturbée sur la départementale entre {town} et {town2}, fermée pour permettre "
            "l'élagage. Une déviation est mise en place par la route des crêtes ; les poids lourds sont invités à "
            "l'éviter.",
        ],
        "contact": [
            "Les habitants qui ont besoin d'aide peuvent joindre la cellule de crise de la mairie au "
            "{phone_fr}. Les déclarations de sinistre sont à adresser à son assureur dans les cinq jours."
        ],
    },
    "conseil": {
        "titles": [
            "Conseil municipal : le budget {yr} adopté dans la douleur",
            "{town} : le conseil municipal valide la rénovation de l'école",
            "Les élus de {town} divisés sur le projet de lotissement",
        ],
        "lead": [
            "Le conseil municipal de {town} s'est réuni jeudi soir devant une salle comble. Au menu : le budget, "
            "la rénovation de l'école Jules-Ferry et un projet de lotissement qui fait débat.",
            "Séance animée, mardi, à la mairie de {town}. Les conseillers ont adopté le budget primitif par "
            "{n:14-19} voix contre {n:3-8}, au terme de près de trois heures de débats.",
        ],
        "body": [
            "Le budget s'équilibre à {amount} en fonctionnement. « Nous n'augmenterons pas les taux communaux cette "
            "année, malgré la hausse des prix de l'énergie », a assuré {M.civ_full}, le maire, qui a rappelé que la "
            "facture d'électricité de la commune a doublé en deux ans.",
            "L'opposition, emmenée par {O.civ_full}, a dénoncé « un budget sans ambition ». « On repousse encore la "
            "réfection de la salle omnisports. Les associations attendent depuis six ans », a regretté l'{O.g:élu|élue}.",
            "La rénovation thermique de l'école coûtera {amount}, subventionnée à hauteur de {n:40-70} % par l'État et "
            "la région. Les travaux débuteront pendant les vacances d'été et devraient durer quatorze mois.",
            "Le projet de lotissement des Hauts de Saône, qui prévoit {n:30-80} logements dont un quart de logements "
            "sociaux, a suscité de vifs échanges. Plusieurs riverains présents dans la salle ont quitté la séance en "
            "signe de protestation.",
            "{A.civ_full}, {A.g:riverain|riveraine} du chemin des Vignes, a pu prendre la parole en fin de séance : « On "
            "n'est pas contre les logements, on est contre le fait qu'on ne nous a jamais consultés. La route n'est "
            "pas faite pour trois cents voitures de plus. »",
            "Le conseil a également voté une subvention exceptionnelle de {money} au comité des fêtes, ainsi que la "
            "gratuité de la cantine pour les familles dont le quotient familial est inférieur à {n:500-700} euros.",
            "La prochaine séance est prévue le mois prochain. Le compte rendu est affiché en mairie et consultable sur "
            "le site de la commune.",
        ],
        "contact": [
            "Les remarques sur le projet de lotissement peuvent être adressées au service urbanisme, "
            "auprès de l'{B.g:adjoint|adjointe} à l'urbanisme, {B.civ_full} ({B.email})."
        ],
    },
    "football": {
        "titles": [
            "Football : les joueurs de {club} arrachent la qualification",
            "Coupe de France : l'exploit de {club}",
            "Football amateur : à {club}, des bénévoles à bout de souffle",
        ],
        "lead": [
            "Devant près de {n:600-1500} spectateurs, les joueurs de {club} se sont qualifiés dimanche pour le tour "
            "suivant de la Coupe de France aux tirs au but, au terme d'un match à rebondissements.",
            "Ils n'étaient pas favoris. Les joueurs de {club}, pensionnaires de Régional 1, ont pourtant fait "
            "tomber une équipe de National 3 au stade municipal.",
        ],
        "body": [
            "Menés au score dès la {n:5-30}e minute sur un coup franc, les locaux ont égalisé peu avant la pause grâce "
            "à {A.full}, auteur d'une reprise de volée qui a fait se lever tout le stade.",
            "« On savait qu'on pouvait le faire si on restait solidaires. Les gars ont été énormes », savourait "
            "l'entraîneur, {C.full}, à l'issue de la rencontre, la voix cassée d'avoir trop crié. Son adjoint, {B.init}, "
            "n'avait pas quitté le banc de tout le match.",
            "La séance de tirs au but a tourné à l'avantage des locaux grâce à deux arrêts de leur gardien, "
            "{G.full}, {G.age} ans, qui travaille la semaine comme mécanicien dans un garage de la "
            "zone artisanale.",
            "Derrière l'exploit, il y a un club de {n:250-450} licenciés qui tourne grâce à une poignée de bénévoles. "
            "« On manque d'éducateurs pour les U11 et les U13. Si des parents veulent donner un coup de main, qu'ils "
            "n'hésitent pas », lance le président, {P.civ_full}.",
            "Le tirage du prochain tour aura lieu lundi. Les dirigeants espèrent recevoir un club professionnel, ce "
            "qui imposerait de délocaliser la rencontre à {city}, le stade municipal n'étant pas homologué.",
            "La buvette a été dévalisée en une heure et demie. « On a tout vendu, même les dernières crêpes », riait "
            "{B.full}, qui tient le stand depuis quinze ans.",
        ],
        "contact": [
            "Inscriptions et renseignements auprès du secrétariat du club au {P.phone}, ou par courriel : {P.email}."
        ],
    },
    "greve": {
        "titles": [
            "{company} : les salariés en grève pour les salaires",
            "Grève chez {company} : le dialogue rompu",
            "Plan social chez {company} : {n:40-120} postes menacés",
        ],
        "lead": [
            "Depuis lundi, une soixantaine de salariés de {company} se relaient devant les grilles de l'usine de "
            "{town}. Ils réclament une augmentation de {n:100-250} euros net par mois.",
            "Le ton monte chez {company}. La direction a annoncé jeudi la suppression de postes sur le site de "
            "{town}, provoquant un débrayage immédiat.",
        ],
        "body": [
            "« On a fait des heures sup' pendant tout le Covid, on nous a applaudis, et aujourd'hui on nous dit qu'il "
            "n'y a pas d'argent », résume {A.full}, opérat{A.g:eur|rice} depuis {n:8-25} ans et délégué{A.g:|e} "
            "{org:CGT|CFDT|FO}.",
            "La direction, contactée par nos soins, dit « comprendre l'inquiétude des salariés » mais rappelle que "
            "l'entreprise a perdu {amount} de chiffre d'affaires l'an dernier en raison de la hausse du coût des "
            "matières premières.",
            "Un braséro, des palettes, une banderole : le piquet de grève s'est organisé. Des commerçants du centre "
            "apportent des viennoiseries chaque matin, et le maire, {M.civ_full}, est passé saluer les grévistes "
            "mardi.",
            "Une réunion de médiation doit se tenir vendredi à la direction départementale de l'emploi, du travail et "
            "des solidarités. Les syndicats attendent « des propositions concrètes, pas des promesses ».",
            "Fondée en {n:1950-1985}, l'entreprise emploie {n:120-400} personnes sur le site, ce qui en fait le "
            "premier employeur privé du canton. Elle avait déjà connu un plan de départs volontaires il y a six ans.",
            "Pour {B.civ_full}, {B.g:entré|entrée} dans l'usine à dix-neuf ans, « c'est toute une vie qui est en jeu. "
            "Mon père travaillait déjà ici. Si le site ferme, la ville meurt. »",
        ],
        "contact": [
            "Une caisse de solidarité a été ouverte ; les dons peuvent être versés sur le compte de "
            "l'intersyndicale, IBAN {iban_fr}."
        ],
    },
    "transport": {
        "titles": [
            "Bus : la ligne {n:2-30} supprimée, les usagers en colère",
            "TER : {town} réclame le retour des trains du soir",
            "Transports scolaires : la rentrée vire au casse-tête",
        ],
        "lead": [
            "Depuis le 1er septembre, la ligne de bus qui reliait {town} à {city} ne circule plus le samedi. Une "
            "pétition a déjà recueilli {num:800-3000} signatures.",
            "Retards à répétition, trains supprimés sans préavis : les usagers de la ligne {town}–{city} ont "
            "manifesté samedi devant la gare.",
        ],
        "body": [
            "« Je n'ai pas le permis. Sans le bus, je ne peux plus aller travailler le samedi au supermarché », "
            "explique {A.full}, {A.age} ans, qui a lancé la pétition avec sa voisine.",
            "La région, autorité organisatrice, invoque une fréquentation trop faible : « moins de cinq voyageurs par "
            "service en moyenne ». Un transport à la demande doit être proposé à partir de novembre.",
            "Selon le collectif des usagers, {n:30-90} trains ont été supprimés sur la ligne depuis janvier. La "
            "{org:SNCF} met en cause un manque de conducteurs et des travaux de maintenance sur les voies.",
            "Le conseiller régional {R.civ_full} promet « une réponse d'ici à la fin du mois ». L'élu{R.g:|e} reconnaît "
            "que « la qualité de service n'est pas au niveau » et évoque la possibilité d'un bus de substitution.",
            "Pour les lycéens, la situation est particulièrement pénible. « Ma fille part à six heures quarante et "
            "rentre à dix-neuf heures passées, alors que le lycée est à vingt-cinq kilomètres », témoigne "
            "{B.civ_full}.",
        ],
        "contact": [
            "Le collectif des usagers tiendra une permanence samedi matin sur le marché. Contact : "
            "{A.email} ou {A.phone}."
        ],
    },
    "secheresse": {
        "titles": [
            "Sécheresse : les agriculteurs de {town} inquiets pour leurs récoltes",
            "Restrictions d'eau : le préfet passe en alerte renforcée",
            "Sécheresse : « On n'a jamais vu la rivière aussi basse »",
        ],
        "lead": [
            "Pas une goutte de pluie depuis {n:40-70} jours. Autour de {town}, les prairies sont grillées et les "
            "éleveurs entament déjà leurs stocks de fourrage d'hiver.",
            "Le préfet a placé le bassin versant en alerte renforcée. L'arrosage des jardins est interdit, tout "
            "comme le lavage des voitures en dehors des stations professionnelles.",
        ],
        "body": [
            "« Le maïs n'a pas levé sur la moitié de mes parcelles », constate {A.full}, installé{A.g:|e} avec son frère "
            "sur une exploitation de {n:80-200} hectares. « Si ça continue, on va devoir vendre des bêtes. »",
            "Le niveau de la rivière est passé sous le seuil de crise à la station de mesure du pont de {town}. Les "
            "pêcheurs signalent des mortalités de poissons dans les bras morts.",
            "La chambre d'agriculture réclame le déblocage anticipé des aides de la politique agricole commune. Son "
            "président estime les pertes à {amount} pour le département.",
            "Les communes ne sont pas épargnées. À {town2}, le maire a dû faire livrer de l'eau potable par camion-"
            "citerne à deux hameaux dont la source s'est tarie.",
            "{B.civ_full}, {B.g:maraîcher|maraîchère} en agriculture biologique, a investi dans le goutte-à-goutte il y a "
            "trois ans : « Ça m'a sauvé{B.g:|e} cette année. Mais tout le monde n'a pas les moyens de le faire. »",
        ],
        "contact": ["Les arrêtés de restriction sont consultables en mairie et sur le site de la préfecture."],
    },
    "accident": {
        "titles": [
            "Accident mortel sur la départementale : appel à témoins",
            "Délit de fuite à {town} : la gendarmerie lance un appel à témoins",
            "Un piéton grièvement blessé en centre-ville",
        ],
        "lead": [
            "Un {pick:motard|cycliste|piéton} de {n:19-78} ans a été grièvement blessé samedi soir à la sortie de "
            "{town}. Le conducteur du véhicule impliqué a pris la fuite.",
            "La gendarmerie recherche des témoins de l'accident survenu dans la nuit de vendredi à samedi sur la "
            "départementale, à hauteur du rond-point de la zone artisanale.",
        ],
        "body": [
            "Selon les premiers éléments de l'enquête, le véhicule, une berline de couleur grise immatriculée "
            "{plate}, circulait à vive allure en direction de {town2}. Il a été retrouvé incendié le lendemain dans "
            "un chemin forestier.",
            "La victime, {A.full}, {A.g:un habitant|une habitante} du quartier, a été transporté{A.g:|e} par hélicoptère au "
            "CHU de {city}. « Son pronostic vital n'est plus engagé », a indiqué le {H.pr_full}, chef du service de "
            "réanimation, lundi matin.",
            "Les gendarmes de la brigade de {town} ont procédé à plusieurs auditions. Les enregistrements des caméras de "
            "vidéoprotection installées à l'entrée du bourg sont en cours d'exploitation.",
            "Ce tronçon est régulièrement pointé du doigt par les riverains. « On demande un ralentisseur depuis des "
            "années », soupire {B.full}, dont la maison donne sur le carrefour.",
            "Le parquet de {city} a ouvert une enquête pour blessures involontaires aggravées par le délit de fuite.",
        ],
        "contact": [
            "Toute personne ayant été témoin des faits est priée de contacter la brigade de gendarmerie au "
            "{phone_fr} ou de composer le 17."
        ],
    },
    "necrologie": {
        "titles": [
            "Disparition d'une figure de {town}",
            "Carnet : {town} perd une figure de la vie associative",
            "{town} en deuil après la disparition d'un pilier du monde associatif",
        ],
        "lead": [
            "C'est une figure de la vie locale qui s'en est allée. {A.full} est {A.g:décédé|décédée} le {date} à "
            "l'âge de {A.age} ans, entouré{A.g:|e} des siens.",
            "Tout {town} pleure {A.full}. {A.g:Ancien|Ancienne} adjoint{A.g:|e} au maire et pilier du monde associatif, "
            "{A.g:il|elle} s'est éteint{A.g:|e} la semaine dernière.",
        ],
        "body": [
            "{A.g:Né|Née} le {A.dob} dans une famille d'agriculteurs, {A.first} {A.last} avait commencé à travailler à "
            "quatorze ans à la laiterie, avant de devenir {A.g:instituteur|institutrice} à l'école du bourg, où {A.g:il|elle} "
            "a enseigné pendant près de trente ans.",
            "Des générations d'enfants de {town} se souviennent de ses leçons de choses et de ses "
            "sorties au bord de la rivière. « {A.g:Il|Elle} nous apprenait le nom de chaque arbre », se souvient "
            "{B.full}, {B.g:un ancien élève|une ancienne élève}.",
            "Élu{A.g:|e} au conseil municipal en 1983, {A.civ_last} y a siégé pendant quatre mandats. On lui doit "
            "notamment la création de la bibliothèque municipale et du jumelage avec une commune bavaroise.",
            "Passionné{A.g:|e} d'histoire locale, {A.g:il|elle} avait publié trois ouvrages consacrés au patrimoine du "
            "canton, dont le dernier, consacré aux moulins de la vallée, est paru il y a deux ans.",
            "Les obsèques seront célébrées {pick:lundi|mardi|mercredi} à {n:10-15} heures en l'église de {town}. La "
            "rédaction présente ses sincères condoléances à sa famille et à ses proches.",
        ],
        "contact": [],
    },
    "escroquerie": {
        "titles": [
            "Faux conseiller bancaire : une retraitée escroquée de {money}",
            "Arnaque au faux support : la gendarmerie met en garde",
            "Fraude à la carte bancaire : un réseau démantelé",
        ],
        "lead": [
            "Une habitante de {town} s'est fait dérober ses économies par un escroc se faisant passer pour un "
            "conseiller de sa banque. La gendarmerie appelle à la plus grande vigilance.",
            "Les arnaques au faux conseiller se multiplient dans le secteur. Trois plaintes ont été déposées "
            "cette semaine à la brigade de {town}.",
        ],
        "body": [
            "Tout a commencé par un SMS annonçant un paiement suspect. Quelques minutes plus tard, {A.civ_full}, "
            "{A.age} ans, recevait un appel d'un homme parfaitement aimable, qui connaissait son nom, son adresse et "
            "le numéro de sa carte bancaire se terminant par les mêmes chiffres que la sienne.",
            "« Il m'a dit qu'il fallait sécuriser mon compte et m'a dicté un IBAN de virement. J'ai tout fait comme il "
            "disait », raconte la victime, qui a transféré {money} en trois virements vers le compte {iban_de}.",
            "L'escroc s'est même fait envoyer la photocopie de sa carte d'identité, n° {idcard}, « pour vérification ». "
            "Dans un autre dossier, un commerçant a reçu une commande réglée avec une carte volée, la carte n° {card}, "
            "avant d'être recontacté par le véritable titulaire, qui n'avait jamais quitté sa région.",
            "Les gendarmes rappellent qu'aucun conseiller bancaire ne demande jamais de codes, de numéro de carte ou de "
            "virement par téléphone. En cas de doute, il faut raccrocher et rappeler soi-même son agence.",
            "Le parquet de {city} a confié l'enquête à la section de recherches, qui travaille avec la plateforme "
            "nationale de signalement des fraudes. Les fonds ont transité par plusieurs comptes à l'étranger.",
        ],
        "contact": [
            "Les victimes peuvent porter plainte en ligne ou se présenter à la brigade. Signalement "
            "également possible au 0 805 805 817, numéro gratuit de la plateforme Info Escroqueries."
        ],
    },
}

FR_GENERIC = [
    "Contacté{J.g:|e} par nos soins, le cabinet du préfet indique suivre « avec attention » l'évolution de la "
    "situation.",
    "Ce n'est pas la première fois que la commune fait parler d'elle. En {yr:-4}, déjà, un épisode comparable avait "
    "mobilisé les habitants pendant plusieurs semaines.",
    "La commune compte un peu plus de {n:2-9} 000 habitants et a perdu près de dix pour cent de sa population en "
    "vingt ans, selon l'{org:Insee}.",
]
FR_CLOSING = "Nous reviendrons sur ce dossier dans nos prochaines éditions."


def compose_fr(scene: Scene, words: int, topic: str | None = None) -> Piece:
    return _compose(scene, words, FR_TOPICS, FR_GENERIC, FR_CLOSING, topic=topic)


# ============================================================================ English

EN_TOPICS = {
    "storm": {
        "titles": [
            "Storm leaves trail of damage across {town}",
            "Clean-up begins after storm batters {town}",
            "Homes without power as gales hit {region}",
        ],
        "lead": [
            "Residents in {town} woke to fallen trees, flooded roads and damaged roofs after gusts of up to "
            "{n:70-95}mph swept across {region} overnight.",
            "Hundreds of homes in and around {town} were still without electricity last night after the "
            "strongest storm to hit the area in a decade.",
        ],
        "body": [
            'In Station Road, a large beech came down across two parked cars. "I heard an almighty crack at about '
            "three o'clock and thought the house was going,\" said {A.full}, {A.age}, who lives opposite.",
            "The {org:Met Office} had issued an amber warning for wind on Friday. Engineers from the electricity network "
            "operator said they expected to reconnect the last properties by {pick:Wednesday|Thursday|the weekend}.",
            "The village hall has opened as a rest centre, offering hot drinks, blankets and phone charging. "
            "{B.full}, who is coordinating volunteers, said: \"People have been amazing. We've had more offers of help "
            'than we can use."',
            "The council leader, {M.civ_full}, said crews had cleared more than {n:40-120} fallen trees from the road "
            'network. "Please don\'t drive unless you have to, and never through floodwater," {M.g:he|she} added.',
            "{C.civ_full}, who farms at Hill End, lost the roof of a barn. \"We've been up all night moving the cattle. "
            "You don't think about the cost at the time, you just get on with it.\"",
            "The {org:Environment Agency} has flood warnings in place for the river at {town} and {town2}, where "
            "levels are expected to peak on Tuesday afternoon.",
        ],
        "contact": ["Residents who need help can call the council's emergency line on {phone_uk}."],
    },
    "council": {
        "titles": [
            "Council tax to rise as {town} faces £{n:2-9}m gap",
            "Councillors back new leisure centre plan",
            "Row over housing estate splits {town} council",
        ],
        "lead": [
            "Council tax in {town} will rise by {pct:3-5} from April after councillors voted through a budget "
            'that its leader admitted was "the hardest in living memory".',
            "Plans for {n:150-400} homes on the edge of {town} have been approved despite more than "
            "{n:200-900} objections from residents.",
        ],
        "body": [
            "Council leader {M.civ_full} told the meeting that rising demand for adult social care and children's "
            "services had left a {amount} hole in the authority's finances. \"We have protected the front line "
            'as far as we can," {M.g:he|she} said.',
            'Opposition leader {O.civ_full} accused the administration of "managed decline" and called for a review '
            "of the council's commercial property investments, which lost {amount} last year.",
            "The new leisure centre, which will replace the 1970s pool on Castle Street, is expected to cost "
            "{amount} and open in {yr:+2}. Campaigners had fought for five years to keep swimming in the town.",
            'Residents packed the public gallery. {A.full}, who lives on Meadow View, said: "Nobody is against '
            "affordable homes. But there's one road in and out, the school is full and you can't get a GP "
            'appointment as it is."',
            "The developer has agreed to contribute {money} towards improvements at the junction with the A{n:30-699} "
            "and to fund an extra classroom at the primary school.",
            "A decision on the future of the town's public toilets was deferred until next month.",
        ],
        "contact": ["Comments on the planning application can be sent to the case officer, {B.full}, at {B.email}."],
    },
    "football": {
        "titles": [
            "{club} stun league leaders in FA Cup",
            "{club}: volunteers keep non-league dream alive",
            "Late winner sends {club} through",
        ],
        "lead": [
            "{club} produced one of the shocks of the round on Saturday, beating opponents two divisions higher "
            "in front of a record crowd of {num:900-2500}.",
            "It took a stoppage-time header, but {club} are through to the next round after a night nobody at "
            "the ground will forget.",
        ],
        "body": [
            "Trailing to a first-half penalty, the hosts equalised when {A.full} curled a free kick into the top "
            "corner. {A.poss} strike was his sixth of the season.",
            "Manager {C.full} said: \"I'm so proud of the lads. Most of them have done a full shift at work this week "
            "and they've given everything.\"",
            "Goalkeeper {G.full}, a {G.age}-year-old {pick:plumber|postman|teacher|electrician}, made three crucial saves "
            'in the second half. "I\'ll be feeling that tomorrow," {G.g:he|she} laughed.',
            "Behind the scenes, a small army of volunteers runs the club, from the tea hut to the under-nines. "
            "Chairman {P.civ_full} said the club was desperate for more coaches.",
            "The draw for the next round takes place on Monday. A home tie against a Football League side could bring "
            "in enough money to fund the new floodlights the club needs.",
        ],
        "contact": ["Anyone interested in volunteering can contact the club secretary on {P.phone} or {P.email}."],
    },
    "strike": {
        "titles": [
            "Workers walk out at {company} over pay",
            "{company} staff vote for strike action",
            "Jobs at risk as {company} announces restructuring",
        ],
        "lead": [
            "Around {n:60-150} workers at {company} in {town} began a two-week strike yesterday after rejecting a "
            "pay offer of {pct:3-5}.",
            "Members of {org:Unite|GMB} at {company} have voted overwhelmingly for industrial action in a dispute "
            "over pay and shift patterns.",
        ],
        "body": [
            'On the picket line, {A.full}, who has worked at the plant for {n:8-30} years, said: "We kept this place '
            "going through the pandemic. Now they tell us there's no money while the directors take bonuses.\"",
            'A spokesperson for the company said it was "disappointed" by the action and that its offer was '
            '"fair and affordable in a very difficult trading environment".',
            "The firm is one of the largest private employers in the area, with {n:200-600} staff. It has been owned "
            "by a private equity group since {yr:-6}.",
            "Local MP {M.civ_full} visited the picket line and called on both sides to return to talks at {org:Acas}.",
            "{B.full}, whose husband works in the dispatch department, said families were worried. \"Everybody's "
            'bills have gone up. People are choosing between heating and eating."',
        ],
        "contact": ["A hardship fund has been set up; donations can be made to account {iban_gb}."],
    },
    "transport": {
        "titles": [
            "Anger as {town} bus route is axed",
            "Rail passengers fed up with cancellations",
            "School bus changes leave parents scrambling",
        ],
        "lead": [
            "The number {n:2-99} bus between {town} and {city} will stop running on Sundays from next month, "
            "leaving some villages with no public transport at all at weekends.",
            "Commuters on the line through {town} have endured {n:40-200} cancellations since January, according "
            "to figures obtained by the rail users' group.",
        ],
        "body": [
            "{A.init}, {A.age}, who does not drive, said: \"I work Sundays at the care home. Without the bus, I'll "
            'have to give up the job."',
            "The operator blamed falling passenger numbers and a shortage of drivers. The county council said it was "
            "looking at a demand-responsive service to fill the gap.",
            "{org:Network Rail} said engineering works on the viaduct would finish in the spring, and the train "
            "operator has apologised for the disruption.",
            "A petition calling for the service to be saved has gathered more than {num:800-3000} signatures. It will "
            "be presented to councillors next month by {B.civ_full}, who started it.",
        ],
        "contact": ["The rail users' group meets on the first Monday of each month. Contact {B.email}."],
    },
    "court": {
        "titles": [
            "Driver jailed after crash that left cyclist injured",
            "Speeding driver jailed for {town} crash",
            "{town} man jailed for dangerous driving",
        ],
        "lead": [
            "A {n:19-60}-year-old man from {town} has been jailed after admitting causing serious injury by "
            "dangerous driving.",
            "A man who caused a crash that left a cyclist with life-changing injuries has been sentenced at "
            "{city} Crown Court.",
        ],
        "body": [
            "{A.full}, of {A.address}, was driving at more than twice the speed limit when he hit the cyclist on the "
            "B{n:1000-6999}, the court heard.",
            "Prosecutor {P.civ_full} told the court that the victim, a keen club rider, had suffered multiple "
            "fractures and was still unable to work eight months later.",
            "In mitigation, {D.civ_full} said {A.poss} remorse was genuine and that he had been caring for his "
            "terminally ill mother at the time.",
            'Judge {J2.full} told him: "You made a choice that night, and someone else is paying for it." He was '
            "also banned from driving for four years.",
            'Detectives said the fraud victims had been told to transfer money to "safe accounts", including one '
            "ending {n:1000-9999}, and urged anyone who receives a similar call to hang up.",
        ],
        "contact": [
            "Anyone with information is asked to call police on 101, quoting the incident number. The victim's "
            "family, who live in the United States, have asked for privacy; messages can be left on {phone_us}."
        ],
    },
}

EN_GENERIC = [
    "The council said it would issue a full statement later in the week.",
    "It is not the first time {town} has been in the headlines. In {yr:-5}, hundreds of people packed the Methodist "
    "hall for a public meeting on the town's future.",
    "The parish has a population of about {n:2-12},000, according to the {org:Office for National Statistics}.",
]
EN_CLOSING = "We will continue to follow the story."


def compose_en(scene: Scene, words: int, topic: str | None = None) -> Piece:
    return _compose(scene, words, EN_TOPICS, EN_GENERIC, EN_CLOSING, topic=topic)


#: Roles whose sex the story fixes (a men's team, a defendant called "he", a victim called "une habitante").
_GENDERED_ROLES = {"football": {"A": "m", "G": "m"}, "court": {"A": "m"}, "escroquerie": {"A": "f"}}


def _compose(
    scene: Scene, words: int, topics: dict, generic: list[str], closing: str, topic: str | None = None
) -> Piece:
    rng = scene.rng
    topic_name = topic or rng.choice(sorted(topics))
    topic = topics[topic_name]
    journalist = scene.person("J", born=(1960, 1998))
    if topic_name in ("necrologie",):
        scene.person("A", born=(1925, 1950))
    for role, gender in _GENDERED_ROLES.get(topic_name, {}).items():
        scene.person(role, gender=gender)
    draft = Draft()
    title = capitalised(scene.render(rng.choice(topic["titles"])))
    draft.add(capitalised(scene.render(rng.choice(topic["lead"]))))
    body = take(scene, topic["body"], len(topic["body"]))
    # News keeps the order in which events are told: sort the drawn paragraphs back into the template order.
    body.sort(key=topic["body"].index)
    for template in body:
        if draft.words >= words and len(draft.blocks) >= 3:
            break
        draft.add(scene.render(template))
    for template in take(scene, generic, len(generic)):
        if draft.words >= words:
            break
        draft.add(scene.render(template))
    if topic["contact"] and rng.random() < 0.8:
        draft.add(scene.render(rng.choice(topic["contact"])))
    if rng.random() < 0.3:
        draft.add(scene.render(closing))
    return Piece(
        "local_news",
        scene.lang,
        title.text,
        draft,
        author=f"{journalist.first} {journalist.last}",
        extra={"topic": topic_name, "title_fill": title},
    )
