"""Forum threads: an opening post and replies, informal French and English, typos and signatures included.

People overshare on forums: phone numbers in small ads, a bank's IBAN pasted for a
refund, a NAS address with its password, a social security number copied from a form.
These are the personal data a corpus most often carries without anyone meaning to.
"""

from __future__ import annotations

from provenance_demo.prose import Piece, take
from provenance_demo.scene import Draft, Fill, Scene

# ============================================================================ French

FR_TOPICS = {
    "caution": {
        "titles": [
            "Caution pas rendue depuis 3 mois, que faire ?",
            "Propriétaire qui garde le dépôt de garantie",
            "[Aide] litige état des lieux de sortie",
        ],
        "post": [
            "Bonjour a tous, je me permet de poster ici car je suis un peu perdu{A.g:|e}. J'ai quitté mon appart a "
            "{city} le {date} et mon proprio ne m'a toujours pas rendu la caution ({money}). L'état des lieux de "
            "sortie était nickel, il a même signé sans réserve.",
            "Je l'ai relancé par mail et par sms plusieurs fois, il répond plus. Son agence (Gestion Locative "
            "Bellecour) me dit que c'est pas eux qui gèrent la caution. Je tourne en rond.",
            "Pour info le bail était au nom de {B.civ_full} (le proprio), adresse du logement : {A.address}. J'ai "
            "toutes les photos de l'état des lieux si besoin.",
            "Est-ce que je dois passer par la commission de conciliation ou directement au tribunal ? J'ai lu qu'il y "
            "avait des pénalités de 10 % par mois de retard, c'est vrai ?",
        ],
        "replies": [
            "Oui c'est l'article 22 de la loi de 89 : 1 mois max si l'EDL est conforme, sinon 10 % du loyer par mois "
            "de retard. Envoie une mise en demeure en recommandé AR, ça suffit souvent a débloquer.",
            "Pareil pour moi l'an dernier, j'ai saisi la commission départementale de conciliation, le proprio a "
            "payé la veille de l'audience lol. Courage !",
            "Tu peux aussi passer par une injonction de payer, c'est pas cher et pas besoin d'avocat en dessous de "
            "5 000 €.",
            "Attention a ne pas mettre ton adresse en clair sur un forum public, les modos devraient masquer ça.",
        ],
    },
    "garage": {
        "titles": [
            "Garage qui me facture des pièces non changées ??",
            "Voiture qui broute a froid",
            "Embrayage a 1800 €, arnaque ou pas ?",
        ],
        "post": [
            "Salut, j'ai une Clio 4 de 2016 ({plate}) qui broute a froid depuis une semaine, et le voyant moteur s'est "
            "allumé hier sur la rocade de {city}. Le garage du coin me parle de l'embrayage et du volant moteur.",
            "Devis : 1 800 € pièces et main d'oeuvre. Ça me parait énorme pour une voiture qui a 90 000 km. Qqn a "
            "déjà eu ce souci ?",
            "Le garagiste m'a dit que si je fais pas les travaux avant le contrôle technique ça passera pas. Je suis "
            "un peu méfiant{A.g:|e}, la dernière fois ils m'avaient facturé des plaquettes que j'ai retrouvées dans le "
            "coffre...",
        ],
        "replies": [
            "Demande un diagnostic valise dans un autre garage avant de signer quoi que ce soit, ça coute 50 balles.",
            "Broute a froid sur Clio 4 c'est souvent la bobine ou les bougies, rien a voir avec l'embrayage. Fais "
            "vérifier avant.",
            "Si tu veux je connais un mécano a {town}, très honnête, {C.first} au {C.phone}. Dis que tu viens de ma "
            "part.",
        ],
    },
    "jardin": {
        "titles": [
            "Tomates qui noircissent, mildiou ?",
            "Potager en sol argileux, vos conseils",
            "Échange de graines au printemps",
        ],
        "post": [
            "Bonjour a tous les jardiniers ! Mes tomates (cœur de bœuf et noire de Crimée) ont des taches brunes sur "
            "les feuilles du bas depuis les orages de la semaine dernière. C'est le mildiou a votre avis ?",
            "J'ai un petit potager derrière la maison a {town}, sol plutôt argileux, et je paille avec de la tonte. "
            "J'arrose le soir au pied. Je vous mets une photo dès que j'arrive a la charger.",
            "Au passage, notre association organise un échange de graines le {pick:samedi 6|dimanche 14|samedi 20} "
            "avril a la salle des fêtes. Ceux qui veulent venir peuvent m'écrire a {A.email}.",
        ],
        "replies": [
            "Oui c'est typique du mildiou. Enlève les feuilles touchées, ne les mets pas au compost, et évite de "
            "mouiller le feuillage.",
            "Purin de prêle en préventif, ça marche pas mal chez moi. Et paille plutôt avec du foin sec que de la "
            "tonte fraîche.",
            "Je viendrai a l'échange avec des graines de haricots tarbais ! Merci pour l'info :)",
        ],
    },
    "benevoles": {
        "titles": [
            "L'asso recherche des bénévoles pour la rentrée",
            "Appel aux bonnes volontés - banque alimentaire",
            "Soutien scolaire : on cherche du monde",
        ],
        "post": [
            "Bonjour, je suis {A.g:le président|la présidente} d'une petite association d'aide aux devoirs a {town}. "
            "On accompagne une trentaine d'enfants du CP au collège, le mardi et le jeudi de 16h30 a 18h.",
            "On cherche des bénévoles pour la rentrée, même une heure par semaine ça aide énormément. Pas besoin "
            "d'être prof, juste de la patience et de la bonne humeur.",
            "Pour nous contacter : {A.full}, {A.phone}, ou par mail {A.email}. On peut aussi se rencontrer au forum "
            "des associations le premier samedi de septembre.",
            "Et si vous ne pouvez pas donner de temps, on accepte aussi les dons (livres, cahiers, trousses). Merci "
            "d'avance a tous !",
        ],
        "replies": [
            "Super initiative ! Je suis retraité{R.g:|e} de l'enseignement, je vous envoie un message.",
            "Je partage sur le groupe du quartier.",
            "Est-ce qu'il faut un extrait de casier judiciaire pour être bénévole auprès des enfants ?",
        ],
    },
    "vente": {
        "titles": ["[VDS] Vélo électrique très bon état", "[Vends] poussette + siège auto", "[VDS] Canapé 3 places"],
        "post": [
            "Je vends mon vélo électrique acheté en {yr:-2}, très peu servi (1 200 km), batterie 500 Wh, avec facture "
            "et antivol. Prix : 950 €, a débattre raisonnablement.",
            "A récupérer sur {town} ou environs, je peux me déplacer jusqu'a {city}. Pas d'envoi. Je suis en "
            "Guadeloupe jusqu'au 15, joignable au {phone_dom} en attendant.",
            "Contact par SMS de préférence au {A.phone} (pas d'appels masqués svp), ou par mail {A.email}. Je réponds "
            "le soir.",
            "Pas sérieux s'abstenir, et non je n'accepte pas les paiements par mandat cash ou « coursier » lol.",
        ],
        "replies": [
            "Toujours dispo ? Je suis intéressé{R.g:|e}, je vous envoie un SMS.",
            "Attention aux arnaques au faux paiement PayPal, n'envoyez rien avant d'avoir vérifié sur votre compte.",
            "Vendu ? Si oui pensez a mettre a jour le titre.",
        ],
    },
    "informatique": {
        "titles": [
            "Accès au NAS depuis l'extérieur impossible",
            "Box qui redémarre toute seule",
            "Problème de redirection de ports",
        ],
        "post": [
            "Salut, j'ai un NAS chez moi et je n'arrive pas a y accéder depuis le boulot. En local ça marche (il est en "
            "{ip}), mais depuis l'extérieur rien.",
            "J'ai ouvert le port 5001 sur la box et fait une redirection vers le NAS. Mon IP publique c'est {ip}, j'ai "
            "testé avec un site de scan de ports, il dit que c'est fermé.",
            "Voila le lien que j'utilise dans l'explorateur, au cas où qqn voit une erreur : {url_cred}",
            "J'ai redémarré la box trois fois, mis a jour le firmware, je sèche. Merci d'avance pour votre aide ! "
            "(secteur {postcode} si ça peut aider, fibre depuis l'an dernier)",
        ],
        "replies": [
            "Euh, tu viens de poster ton mot de passe en clair sur un forum public... Change-le tout de suite !",
            "Vérifie que ton FAI ne te met pas derrière un CGNAT, dans ce cas pas d'IP publique dédiée et aucune "
            "redirection ne marchera. Il faut demander une IP fullstack.",
            "Passe plutôt par un VPN (WireGuard) que d'exposer le NAS directement, c'est beaucoup plus sûr.",
        ],
    },
    "administratif": {
        "titles": [
            "Carte vitale perdue, numéro de sécu ?",
            "Dossier CAF bloqué depuis 2 mois",
            "Aide pour remplir un formulaire de retraite",
        ],
        "post": [
            "Bonjour, j'ai perdu mon portefeuille avec ma carte vitale et ma carte d'identité (n° {idcard}, je l'ai "
            "notée sur la déclaration de perte). Je dois remplir un formulaire de la mutuelle qui demande mon "
            "numéro de sécu. J'ai retrouvé une vieille attestation, c'est bien ce numéro la : {A.nir} ?",
            "La CAF me demande aussi une attestation, mais le site plante a chaque fois. J'ai appelé trois fois, "
            "40 minutes d'attente a chaque coup.",
            "{B.g:Mon père|Ma mère} ({B.full}, {B.g:né|née} le {B.dob_num}) doit aussi faire sa demande de retraite "
            "et {B.g:il|elle} n'a pas internet. Est-ce qu'on peut faire les démarches a sa place ?",
        ],
        "replies": [
            "Ne mets jamais ton numéro de sécu sur un forum !! Demande aux modos de supprimer ton message.",
            "Pour la retraite, il y a des permanences dans les maisons France services, ils aident a remplir les "
            "dossiers.",
            "Tu peux commander une nouvelle carte vitale depuis ton compte ameli, c'est gratuit.",
        ],
    },
    "banque": {
        "titles": [
            "Prélèvement inconnu sur mon compte",
            "Remboursement par virement, c'est sûr ?",
            "Carte bancaire piratée, la banque refuse de rembourser",
        ],
        "post": [
            "Bonjour, ce matin j'ai vu trois paiements que je n'ai jamais faits sur mon compte, pour un total de "
            "{money}. Ma carte bancaire n° {card} est pourtant toujours dans mon portefeuille.",
            "J'ai fait opposition tout de suite. Mais la banque me dit que comme les paiements ont été validés avec le "
            "code reçu par SMS, c'est « une négligence grave » de ma part et qu'ils ne rembourseront pas.",
            "Le vendeur du Bon Coin qui devait me rembourser m'a demandé mon RIB, je lui ai envoyé : {iban_fr}. Est-ce "
            "que c'est risqué ? J'ai un doute maintenant...",
        ],
        "replies": [
            "Donner son IBAN c'est pas dangereux en soi, c'est fait pour recevoir de l'argent. Par contre ne donne "
            "jamais les codes reçus par SMS.",
            "La banque doit prouver la négligence grave, c'est l'article L. 133-19 du code monétaire et financier. "
            "Fais un signalement sur Perceval et insiste par écrit.",
            "Même chose chez moi l'an dernier, j'ai saisi le médiateur de la banque et j'ai été remboursé{R.g:|e} en "
            "deux mois.",
        ],
    },
    "voisinage": {
        "titles": [
            "Voisin qui fait du bruit toutes les nuits",
            "Chien qui aboie toute la journée",
            "Haie mitoyenne trop haute, recours ?",
        ],
        "post": [
            "Bonsoir, depuis trois mois le voisin du dessus fait la fête quasiment tous les soirs jusqu'a 3h du "
            "matin. Musique, talons, meubles qu'on traîne. J'ai un bébé de 8 mois, on ne dort plus.",
            "J'ai essayé de lui parler gentiment, puis je lui ai laissé un mot. Rien. Le syndic (on est a "
            "{A.address}) ne répond pas.",
            "La police municipale est passée une fois mais il a baissé le son pendant dix minutes. Qu'est-ce que je "
            "peux faire de plus ?",
        ],
        "replies": [
            "Tapage nocturne = contravention, appelle le 17 a chaque fois, ça finit par faire un dossier.",
            "Essaie la médiation avec un conciliateur de justice, c'est gratuit et ça marche souvent mieux que la "
            "confrontation.",
            "Tiens un journal avec dates et heures, et fais constater par un commissaire de justice si ça continue.",
        ],
    },
}

FR_REPLIES = [
    "Pareil ici, je suis le sujet. Tiens-nous au courant stp !",
    "Je me permets de remonter le sujet, j'ai exactement le même problème depuis la semaine dernière et personne "
    "n'a l'air d'avoir de solution miracle...",
    "Perso j'ai eu un cas un peu similaire il y a deux ans, au final ça s'est réglé en passant par un conciliateur. "
    "Faut être patient et tout garder par écrit, les mails, les courriers, tout.",
    "Le mieux c'est de demander conseil à une asso de consommateurs, ils ont des permanences gratuites le samedi "
    "matin dans pas mal de villes.",
    "+1, et n'hésite pas à mettre à jour le sujet quand c'est réglé, ça servira à d'autres.",
]
FR_EDITS = [
    "EDIT : merci pour toutes vos réponses, je vais suivre vos conseils et je reviens vous dire ce qu'il en est.",
    "EDIT 2 : problème réglé ! Merci a tous, le forum est top :)",
    "PS : désolé{A.g:|e} pour les fautes, j'écris depuis mon téléphone.",
]

FR_SIGNATURES = [
    "--\n{A.first}, {town}",
    "Merci d'avance,\n{A.first}",
    "Cordialement,\n{A.full}",
    "{A.first} ;)",
    "A+\n{A.user}",
    "--\n{A.first} {A.civ_init} ({city})",
]


def compose_fr(scene: Scene, words: int, topic: str | None = None) -> Piece:
    return _compose(
        scene, words, FR_TOPICS, FR_SIGNATURES, FR_REPLIES, FR_EDITS, "Réponse de {who} :", "fr", topic=topic
    )


# ============================================================================ English

EN_TOPICS = {
    "deposit": {
        "titles": [
            "Landlord won't return deposit - help!",
            "Deposit not protected, what are my rights?",
            "Letting agent deducting for 'cleaning'",
        ],
        "post": [
            "Hi all, long time lurker, first time poster. I moved out of my flat in {city} on {date} and my "
            "landlord still hasn't returned my deposit ({money}). The check-out report was fine, I've got photos of "
            "every room.",
            "I've emailed and texted him loads of times and he's just ignoring me now. The agency (Northgate "
            "Lettings) say it's nothing to do with them because he 'self-manages' the deposit.",
            "The tenancy was in the name of {B.civ_full} and the property was {A.address}. I never got any "
            "paperwork about a deposit protection scheme.",
            "Do I go to the small claims court or is there something quicker? Someone at work said I could get three "
            "times the deposit back if it wasn't protected??",
        ],
        "replies": [
            "Your mate is right - if it wasn't protected within 30 days you can claim up to 3x the deposit. Check all "
            "three schemes' websites first to be sure.",
            "Send a letter before action giving him 14 days, then file online with MCOL. It's not as scary as it "
            "sounds.",
            "Might want to edit out the address, this forum is public and indexed by Google.",
        ],
    },
    "car": {
        "titles": [
            "Garage quoting £1,400 for clutch - rip off?",
            "Engine management light on, car juddering",
            "Dealer refusing to fix fault 3 weeks after purchase",
        ],
        "post": [
            "Evening all. My 2016 Focus has started juddering when cold and the engine light came on yesterday on the "
            "ring road. Garage reckons it's the clutch and dual mass flywheel, quoted £1,400.",
            "Seems a lot for a car with 60k on the clock. Anyone had the same? I'm not mechanically minded at all.",
            "They also said it won't pass the MOT without it, which feels like pressure selling to be honest. My "
            "brother in Chicago ({phone_us}) reckons they're having me on.",
        ],
        "replies": [
            "Get a second opinion before you sign anything. Juddering from cold on those is often coil packs.",
            "If you're near {town} try the independent on the industrial estate, ask for {C.first}, {C.phone}. Honest "
            "as the day is long.",
            "DMF on a Focus is a known issue tbf, but get it properly diagnosed first.",
        ],
    },
    "allotment": {
        "titles": ["Slugs destroying everything!", "Blight on the tomatoes already?", "Seed swap - Saturday"],
        "post": [
            "Morning all! My tomatoes (Gardener's Delight and Black Krim) have brown patches on the lower leaves since "
            "the thunderstorms last week. Is that blight?",
            "I've got a half plot at the {town} allotments, heavy clay, and I mulch with grass clippings. I water at "
            "the base in the evening. Will try to upload a photo later.",
            "Also - the allotment society is running a seed swap on Saturday in the community hut. Anyone who wants "
            "to come, drop me a line at {A.email}.",
        ],
        "replies": [
            "Sounds like blight unfortunately. Strip the affected leaves, don't compost them, keep the foliage dry.",
            "Beer traps for the slugs, and a torch at 10pm. Grim but effective.",
            "I'll bring some runner bean seeds to the swap. Thanks for organising!",
        ],
    },
    "selling": {
        "titles": [
            "FS: e-bike, excellent condition",
            "For sale: pram and car seat",
            "FS: 3-seater sofa, collection only",
        ],
        "post": [
            "Selling my e-bike, bought new in {yr:-2}, hardly used (about 800 miles), 500Wh battery, comes with receipt "
            "and D-lock. £850 ono.",
            "Collection from {town} or I can meet halfway to {city}. No posting, sorry.",
            "Text me on {A.phone} (no withheld numbers please) or email {A.email}. I usually reply in the evening.",
        ],
        "replies": [
            "Still available? Very interested, will text you now.",
            "Be careful of the fake PayPal scam, don't hand it over until the money is actually in your account.",
            "Sold? If so please update the title.",
        ],
    },
    "broadband": {
        "titles": ["Can't reach my NAS from outside", "Router keeps rebooting itself", "Port forwarding not working"],
        "post": [
            "Hi, I've got a NAS at home and can't get to it from work. Locally it's fine (it's on {ip}), but from "
            "outside nothing.",
            "I've opened port 5001 on the router and set up forwarding to the NAS. My public IP is {ip} and an online "
            "port checker says it's closed.",
            "This is the link I'm using in the file manager in case anyone spots a mistake: {url_cred}",
            "Rebooted the router three times, updated the firmware, I'm stumped. The router also shows an IPv6 "
            "address, {ipv6}, if that matters. Cheers in advance!",
        ],
        "replies": [
            "Mate, you've just posted your password on a public forum. Change it NOW.",
            "Check your ISP isn't putting you behind CGNAT - if so you don't have a real public IP and no amount of "
            "port forwarding will help.",
            "Use a VPN (WireGuard or Tailscale) rather than exposing the NAS directly. Much safer.",
        ],
    },
    "bank": {
        "titles": [
            "Unknown payments on my account",
            "Bank refusing refund after card fraud",
            "Is it safe to give my IBAN to a buyer?",
        ],
        "post": [
            "Hi, this morning I found three payments I never made, {money} in total. My card ({card}) is still in my "
            "wallet.",
            "I froze the card straight away, but the bank says that because the payments were approved with a code "
            "sent by text it's 'gross negligence' on my part and they won't refund.",
            "A buyer on Marketplace asked for my bank details to pay me back, I sent him {iban_gb}. Was that "
            "risky? Now I'm worried...",
        ],
        "replies": [
            "Giving your account number isn't dangerous in itself, it's for receiving money. Never share one-time "
            "codes though.",
            "The bank has to prove gross negligence. Complain in writing and then go to the {org:Financial Ombudsman "
            "Service} if they don't budge.",
            "Same thing happened to me last year, the ombudsman found in my favour within two months.",
        ],
    },
    "neighbours": {
        "titles": [
            "Upstairs neighbour partying every night",
            "Dog barking all day",
            "Neighbour's hedge blocking light",
        ],
        "post": [
            "Evening, for three months now the guy upstairs has had people round almost every night until 3am. Music, "
            "heels, furniture being dragged about. We've got an 8-month-old and nobody is sleeping.",
            "I tried talking to him nicely, then left a note. Nothing. The management company (we're at "
            "{A.address}) won't reply.",
            "The council's noise team came once but he turned it down for ten minutes. What else can I do?",
        ],
        "replies": [
            "Keep a diary and use the council's noise app every time. They need evidence to issue an abatement notice.",
            "Try mediation first, many councils offer it free.",
            "If you rent, your landlord has a duty here too - check the lease for a quiet enjoyment clause.",
        ],
    },
}

EN_REPLIES = [
    "Same here, following this thread. Let us know how you get on!",
    "Bumping this because I've had exactly the same problem since last week and nobody seems to have a magic fix...",
    "Had something similar a couple of years back. In the end it got sorted, but it took months. Keep everything in "
    "writing - emails, letters, the lot.",
    "Citizens Advice were brilliant when I had a similar problem, worth giving them a ring.",
    "+1, and please update the thread when it's sorted, it'll help the next person.",
]
EN_EDITS = [
    "EDIT: thanks for all the replies, I'll try what you've suggested and report back.",
    "EDIT 2: sorted! Thanks all, this forum is brilliant :)",
    "PS sorry for any typos, typing this on my phone.",
]

EN_SIGNATURES = [
    "--\n{A.first}, {town}",
    "Thanks in advance,\n{A.first}",
    "Cheers, {A.first}",
    "{A.first} x",
    "{A.user}",
    "-- {A.first} ({city})",
]


def compose_en(scene: Scene, words: int, topic: str | None = None) -> Piece:
    return _compose(
        scene, words, EN_TOPICS, EN_SIGNATURES, EN_REPLIES, EN_EDITS, "Reply from {who}:", "en", topic=topic
    )


def _compose(
    scene: Scene,
    words: int,
    topics: dict,
    signatures: list[str],
    replies: list[str],
    edits: list[str],
    reply_header: str,
    lang: str,
    topic: str | None = None,
) -> Piece:
    rng = scene.rng
    topic_name = topic or rng.choice(sorted(topics))
    topic = topics[topic_name]
    poster = scene.person("A", born=(1960, 2003))
    scene.person("B", born=(1940, 1962))  # a landlord, a parent: someone older the poster talks about
    draft = Draft()
    title = scene.render(rng.choice(topic["titles"]))
    for template in topic["post"]:
        draft.add(scene.render(template))
    if rng.random() < 0.4:
        draft.add(scene.render(rng.choice(edits)))
    draft.add(scene.render(rng.choice(signatures)))
    # Replies come from other members; "B" and "C" may already be named in the post, so replies use fresh people.
    pool = take(scene, topic["replies"], len(topic["replies"])) + take(scene, replies, len(replies))
    for template in pool:
        if draft.words >= words:
            break
        replier = scene.fresh("R", born=(1950, 2003))
        draft.add(Fill(reply_header.replace("{who}", scene.people.username(rng, replier))))
        draft.add(scene.render(template))
    return Piece(
        "forum",
        lang,
        title.text,
        draft,
        author=scene.render("{A.user}").text,
        extra={"topic": topic_name, "poster": f"{poster.first} {poster.last}"},
    )
