"""Free-text content of the forms: invented scenarios in the register of the real forms.
`{cp}` is replaced by the (first) counterpart's name, `{rep}` by the reporting unit."""

from __future__ import annotations

from sample_forms.parties import ANNAN, KOMMUN, REGION

# Each BUS scenario: reporter category, counterpart category, texts.
BUS_SCENARIOS: list[dict] = [
    dict(
        rep=KOMMUN, cp=REGION,
        event="Uteblivet deltagande i SIP-möte",
        desc=[
            "Kallelse till SIP skickades till {cp} tre veckor före mötet",
            "Ingen från {cp} deltog och inget återbud lämnades",
            "Mötet fick ställas in, vårdnadshavare hade tagit ledigt från arbetet",
            "Ny SIP kunde bokas först fem veckor senare",
        ],
        action="Att {cp} utser en kontaktperson för SIP-kallelser och bekräftar mottagen kallelse inom en vecka.",
        response=[
            "Kallelsen kom till en funktionsbrevlåda som inte bevakades under semesterperioden",
            "Vi beklagar att ingen deltog och att familjen drabbades",
        ],
        improvement="Funktionsbrevlådan bevakas nu dagligen. Rutinen för SIP-kallelser har gåtts igenom på arbetsplatsträff.",
    ),
    dict(
        rep=REGION, cp=KOMMUN,
        event="Orosanmälan utan återkoppling",
        desc=[
            "Orosanmälan gjordes till {cp} efter att barnet berättat om våld i hemmet",
            "Ingen bekräftelse på mottagen anmälan kom trots påminnelse efter tre veckor",
            "Vi vet inte om förhandsbedömning gjorts och kan inte planera behandlingen",
        ],
        action="Socialtjänsten bekräftar mottagen orosanmälan skriftligt till anmälaren enligt 14 kap. 1 a § SoL.",
        response=[
            "Anmälan registrerades men bekräftelsen skickades aldrig på grund av ett fel i verksamhetssystemet",
            "Förhandsbedömning gjordes inom 14 dagar",
        ],
        improvement="Bekräftelser följs upp veckovis av mottagningsgruppens samordnare. Felet i systemet är rättat.",
    ),
    dict(
        rep=KOMMUN, cp=REGION,
        event="Remiss till BUP returnerad",
        desc=[
            "Elevhälsan skickade remiss till {cp} gällande en elev med långvarig skolfrånvaro och nedstämdhet",
            "Remissen returnerades med hänvisning till att socialtjänsten först ska utreda",
            "Socialtjänsten menar att det är en vårdfråga",
            "Eleven har nu inte varit i skolan på tio veckor",
        ],
        action="Gemensamt möte mellan BUP, socialtjänst och elevhälsa för att klargöra ansvaret. Remissen bör tas emot i avvaktan på SIP.",
        response=[
            "Remissen saknade uppgifter om tidigare insatser och bedömdes inte uppfylla kriterierna",
            "Vi har tagit kontakt med skolan och bokat ett konsultationsmöte",
        ],
        improvement="Vid returnerad remiss ska BUP alltid erbjuda konsultation till remittenten. Information om remisskriterier skickas till kommunens elevhälsa.",
    ),
    dict(
        rep=REGION, cp=KOMMUN,
        event="Utebliven utredning om stödinsatser i skolan",
        desc=[
            "Barnet har en neuropsykiatrisk diagnos sedan ett år tillbaka",
            "{cp} har inte utrett behov av särskilt stöd trots flera påstötningar från vårdnadshavare och oss",
            "Barnet har kortade dagar utan beslut",
        ],
        action="Skolan påbörjar utredning av behov av särskilt stöd och upprättar åtgärdsprogram.",
        response=[
            "Utredning påbörjades efter mottagen avvikelse",
            "Åtgärdsprogram är upprättat och anpassad studiegång beslutad av rektor",
        ],
        improvement="Rektor har infört uppföljning av alla elever med förkortad skoldag varannan vecka.",
    ),
    dict(
        rep=KOMMUN, cp=REGION,
        event="Brister i informationsöverföring vid utskrivning",
        desc=[
            "Ungdomen skrevs ut från heldygnsvård utan att socialtjänsten informerades",
            "Planerad samordnad vårdplanering hölls aldrig",
            "Ungdomen kom hem till en familj som inte var förberedd",
        ],
        action="Slutenvården kallar till samordnad planering innan utskrivning enligt gällande överenskommelse.",
        response=[
            "Utskrivningen skedde under helg och den ordinarie rutinen följdes inte",
            "Vi har gått igenom händelsen med berörd personal",
        ],
        improvement="Checklista för utskrivning av barn och unga med insatser från socialtjänsten har införts.",
    ),
    dict(
        rep=KOMMUN, cp=KOMMUN,
        event="Oklart ansvar vid flytt mellan kommuner",
        desc=[
            "Familjen flyttade under pågående utredning",
            "Överflyttning begärdes men {cp} har inte svarat på fyra månader",
            "Barnet står utan insatser under tiden",
        ],
        action="Ansvarig kommun tar ställning till överflyttningen inom fyra veckor.",
        response=[
            "Begäran om överflyttning hade registrerats på fel enhet",
            "Ärendet är nu fördelat till handläggare",
        ],
        improvement="Ny rutin för registrering av inkommande överflyttningsärenden.",
    ),
    dict(
        rep=REGION, cp=REGION,
        event="Väntetid på neuropsykiatrisk utredning",
        desc=[
            "Barnet remitterades till {cp} för utredning av misstänkt autism",
            "Vårdgarantin har passerats med sju månader utan besked",
            "Skolan avvaktar utredningen innan anpassningar görs",
        ],
        action="Besked om planerad utredningstid samt tillfällig konsultation till skolan.",
        response=["Kön till utredning har varit lång på grund av vakanser", "Familjen har nu fått en tid"],
        improvement="Nya psykologer är rekryterade och väntelistan ses över varje månad.",
    ),
    dict(
        rep=KOMMUN, cp=REGION,
        event="Läkarintyg till skola dröjer",
        desc=[
            "Skolan har begärt läkarintyg för att kunna besluta om anpassad studiegång",
            "Intyget har inte kommit trots tre påminnelser till {cp}",
            "Eleven riskerar att inte få betyg",
        ],
        action="Rutin för hur intygsförfrågningar från skola hanteras och tidsgräns för svar.",
        response=["Förfrågan hade inte journalförts och hamnade mellan två behandlare"],
        improvement="Intygsförfrågningar registreras nu centralt och besvaras inom tre veckor.",
    ),
    dict(
        rep=KOMMUN, cp=ANNAN,
        event="Placering avbröts utan samråd",
        desc=[
            "{cp} avslutade placeringen med två dagars varsel",
            "Ingen samverkan skedde med socialtjänsten eller BUP innan beslutet",
            "Ungdomen fick tillfälligt bo på jourhem",
        ],
        action="Avslut av placering planeras gemensamt i SIP med minst fyra veckors framförhållning.",
        response=["Ungdomen hade vid flera tillfällen hotat personal och verksamheten bedömde att säkerheten inte kunde garanteras"],
        improvement="Vi kontaktar alltid placerande socialtjänst innan beslut om avslut.",
    ),
    dict(
        rep=REGION, cp=KOMMUN,
        event="Vårdnadshavare nekas SIP",
        desc=[
            "Vårdnadshavare begärde SIP hos {cp} i januari",
            "Begäran avslogs muntligt med motiveringen att det saknas behov",
            "Barnet har insatser från BUP, habilitering och skola",
        ],
        action="Att kommunen följer BUS-överenskommelsen och kallar till SIP när barnet har insatser från flera huvudmän.",
        response=[],
        improvement="",
    ),
]

VASTBUS_SCENARIOS: list[dict] = [
    dict(
        rep=KOMMUN, cp=REGION, types=(0,),
        desc=[
            "{cp} har uteblivit från tre av fyra SIP-möten under hösten utan återbud.",
            "Den samordnade individuella planen kan inte följas upp och ungdomen står utan behandling.",
        ],
        proposal="Att {cp} utser en fast representant till SIP och meddelar förhinder i god tid.",
    ),
    dict(
        rep=REGION, cp=KOMMUN, types=(1,),
        desc=[
            "I den individuella planen överenskoms att {cp} skulle ordna stödfamilj från och med mars.",
            "Insatsen har ännu inte startat och ingen förklaring har lämnats.",
        ],
        proposal="Uppföljning av planen inom två veckor med ansvariga chefer.",
    ),
    dict(
        rep=KOMMUN, cp=REGION, types=(2,),
        desc=[
            "Parterna är inte överens om vem som ansvarar för behandling av ungdomens missbruk.",
            "{cp} hänvisar till socialtjänsten, socialtjänsten bedömer att det finns ett vårdbehov.",
        ],
        proposal="Ärendet lyfts i lokal Västbusgrupp för vägledning om ansvarsfördelning.",
    ),
    dict(
        rep=KOMMUN, cp=KOMMUN, types=(0, 1),
        desc=[
            "Skolan har inte deltagit i planeringsmöten och de anpassningar som skrevs in i SIP har inte genomförts.",
            "Eleven har hög frånvaro och vårdnadshavarna upplever att ingen tar ansvar.",
        ],
        proposal="Rektor deltar i nästa SIP-möte. Anpassningarna följs upp av elevhälsan.",
    ),
    dict(
        rep=REGION, cp=KOMMUN, types=(2,),
        desc=[
            "Oenighet om kostnadsansvar för en placering på HVB där barnet även behöver psykiatrisk behandling.",
            "Diskussion har förts i chefslinjen utan att parterna kommit överens.",
        ],
        proposal="Delregional grupp ombeds ge vägledning om kostnadsfördelning.",
    ),
    dict(
        rep=KOMMUN, cp=REGION, types=(0, 2),
        desc=[
            "Remiss från socialtjänsten till {cp} avvisades med hänvisning till att barnet först ska utredas av elevhälsan.",
            "Riktlinjen om att remisser ska tas emot och vid behov lotsas vidare har inte följts.",
            "Parterna har olika syn på vem som ska göra bedömningen.",
        ],
        proposal="Gemensam genomgång av remissrutinen mellan BUP och kommunens verksamheter.",
    ),
    dict(
        rep=REGION, cp=KOMMUN, types=(1,),
        desc=[
            "Enligt planen skulle {cp} bevilja kontaktperson och korttidsvistelse.",
            "Beslutet har dröjt i fem månader och familjen orkar inte längre.",
        ],
        proposal="Snabbare handläggning och återkoppling till övriga parter om tidsplan.",
    ),
    dict(
        rep=KOMMUN, cp=ANNAN, types=(0,),
        desc=[
            "{cp} kallade inte socialtjänsten till utskrivningsplanering trots att ungdomen har pågående insatser.",
        ],
        proposal="Socialtjänsten ska alltid kallas när ungdomen har insatser från kommunen.",
    ),
]

LH_SCENARIOS: list[dict] = [
    dict(
        rep="Kommun", cp=("Försäkringskassan",),
        desc="Deltagaren fick avslag på sjukpenning utan att avstämningsmöte hölls, trots att det begärts av handläggare på kommunens arbetsmarknadsenhet.",
        causes="Oklart vem som ska kalla till avstämningsmöte. Konsekvens: personen blev utan försörjning och fick söka ekonomiskt bistånd.",
    ),
    dict(
        rep="Arbetsförmedlingen", cp=("Vårdcentral",),
        desc="Läkarintyg som behövs för att anpassa insats har inte kommit trots flera påminnelser till vårdcentralen.",
        causes="Intygsförfrågan verkar inte ha registrerats. Insatsen har fått pausas i sex veckor.",
    ),
    dict(
        rep="Vårdcentral", cp=("Arbetsförmedlingen", "Kommun"),
        desc="Patienten skrevs ut från Arbetsförmedlingens program under pågående sjukskrivning utan att vården informerades.",
        causes="Bristande kommunikation mellan parterna. Patienten blev orolig och behandlingen försvårades.",
    ),
    dict(
        rep="Psykiatrin", cp=("Kommun",),
        desc="Socialtjänsten kallades till SIP men ingen representant kom, vilket gjorde att planen för boendestöd inte kunde fastställas.",
        causes=None,
    ),
    dict(
        rep="Försäkringskassan", cp=("Psykiatrin", "Vårdcentral"),
        desc="Vid avstämningsmöte saknades underlag från vården om arbetsförmåga. Psykiatrin och vårdcentralen hänvisade till varandra.",
        causes="Oklart vem som har patientansvaret efter remiss. Beslut om rätt till ersättning försenades två månader.",
    ),
    dict(
        rep="Kommun", cp=("Arbetsförmedlingen",),
        desc="Personen anvisades till ett arbetsmarknadsprogram som inte fungerade med hans funktionsnedsättning, trots att kommunen informerat om behovet av anpassning.",
        causes="Informationen från kommunen fanns inte med i beslutsunderlaget. Personen avbröt programmet.",
    ),
    dict(
        rep="Annan", cp=("Kommun", "Försäkringskassan"),
        desc="Deltagare i samordningsförbundets insats har väntat på beslut om ekonomiskt bistånd i sju veckor medan Försäkringskassans utredning pågått.",
        causes=None,
    ),
    dict(
        rep="Vårdcentral", cp=("Annan",),
        desc="Frivården informerade inte vårdcentralen om att klienten avslutat sin läkemedelsbehandling, vilket upptäcktes först vid akutbesök.",
        causes="Saknas rutin för informationsöverföring med samtycke. Konsekvens: risk för återfall.",
    ),
]

BEFATTNINGAR = [
    "Socialsekreterare", "Kurator", "Specialistpsykolog", "Enhetschef", "Skolsköterska",
    "Barnsjuksköterska", "Familjebehandlare", "Biträdande rektor", "Psykolog", "Sektionschef",
]
