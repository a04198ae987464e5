"""Claims as language: sentences in the shape regulators quote must be flagged, and
the careful, negated or descriptive sentences of patient-education pages must not.

Each sentence is checked on a small page that names a therapy, as real copy does, so
the detector's document context (a page about stem cells) is in force.  Written by the
team; not taken from any corpus split.
"""

from __future__ import annotations

import pytest

from claimcheck.severity import Severity

PAGE_TOPIC = "Stem cell therapy at our clinic.\n\n"

CLAIMS = [
    # "stimulate" is an effect; evidence that "continues to grow" is an appeal to it
    "Cord-derived cells can stimulate new nerve connections after a stroke.",
    "The evidence behind our cord cell infusions for arthritis continues to grow.",
    "Our cord cell infusions lower blood sugar in type 2 diabetes.",
    # "is limiting your life" is no "evidence is limited": the appeal is not hedged
    "If knee pain is limiting your life, we are here to help you explore safe, evidence-based options.",
    # A study noun coordinated after a denial is not the evidence denied.
    "No surgery, no downtime, and studies show our cord cells rebuild worn knee cartilage.",
    "Stem cell therapy can treat autism by addressing it at its root.",
    "Many sports injuries can be treated with our stem cell injections.",
    "Our treatment can actually reverse autoimmunity.",
    "Patients with COPD breathe easier after receiving our cellular therapy.",
    "Exosomes help regenerate damaged nerve tissue in patients with neuropathy.",
    "Amniotic stem cell injections are a safe and effective alternative to knee replacement surgery.",
    "We have successfully treated hundreds of patients with multiple sclerosis.",
    "Umbilical cord stem cells offer hope for Parkinson's patients by replacing lost dopamine neurons.",
    "Stem cells home in on damaged tissue and repair it.",
    "Our regenerative protocol is used to treat Alzheimer's disease, ALS, and stroke.",
    "Stem cell therapy has been shown to improve symptoms of cerebral palsy.",
    "This therapy eliminates the need for surgery in most patients with rotator cuff tears.",
    "Wharton's jelly injections relieve arthritis pain and restore joint function.",
    "After treatment, children with autism show improved eye contact and speech.",
    "Mesenchymal stem cells reduce inflammation and promote healing of the lungs in COVID-19 patients.",
    "Our patients have experienced remarkable improvement in heart function.",
    "Stem cell treatment for diabetes can reduce or eliminate the need for insulin.",
    "Regenerative medicine offers lasting relief from chronic back pain.",
    "Stromal vascular fraction therapy is effective for treating osteoarthritis of the hip.",
    "The stem cells will differentiate into new cartilage, repairing the knee.",
    "Treating macular degeneration with stem cells can restore vision.",
    "Stem cells are proven to help patients with lupus.",
    "Many of our patients are able to walk again after stem cell therapy for spinal cord injury.",
    "Exosome therapy is a natural way to heal your body from the inside out.",
    "Long COVID patients report dramatic improvement after IV stem cell infusions.",
    "Stem cell therapy is treating autism at its root.",
    "Our stem cell therapy can actually reverse autoimmunity.",
    "Sports injuries that can be treated with stem cells include torn ligaments and tendonitis.",
    "Stem cells can help with conditions such as COPD, Parkinson's disease and heart failure.",
    "We use umbilical cord-derived stem cells to treat patients with ALS.",
    "Our exosome treatment is an effective option for macular degeneration.",
    "Mesenchymal stem cells have been used successfully to treat multiple sclerosis.",
    "Stem cell treatment for COVID-19 patients is now available at our clinic.",
    "Get back to the life you love with regenerative medicine for your knees.",
    "Our patients have seen remarkable recoveries from spinal cord injuries.",
    "Stem cells are the future of medicine and can heal your body naturally.",
    "Amniotic allografts reduce inflammation and promote the regeneration of damaged tissue.",
    "Many of our patients with Parkinson's report improved tremors and balance after treatment.",
    "Stem cells are a safe and effective alternative to surgery for degenerative disc disease.",
    "With stem cell therapy, your joint pain can be a thing of the past.",
    "Tired of living with arthritis? Stem cells can help.",
    "Say goodbye to back pain without surgery or medication.",
    "Get relief from chronic joint pain with our exosome injections.",
    "Treat your neuropathy naturally with regenerative medicine.",
    "Our umbilical cord stem cells target the root cause of inflammation.",
    "Stem cells have the ability to become any cell in the body, repairing damaged organs.",
    "Patients typically see results within weeks of their first infusion for lupus.",
    "MSCs are effective in treating Crohn's disease.",
    "Don't let Parkinson's steal your future: our stem cell protocol slows its progression.",
    "Reverse the damage of COPD with our cutting-edge stem cell treatment.",
    "Stem cell therapy is the best option for patients with ALS.",
    "Exosome therapy stimulates hair regrowth and reverses hair loss.",
    "With our treatment, diabetic patients have been able to stop taking insulin.",
    "Cord blood stem cells can heal the brain injury behind cerebral palsy.",
    "Thanks to stem cells, heart failure patients regain strength and stamina.",
    "Our stem cell IV therapy boosts the immune system and fights long COVID.",
    "Amniotic fluid injections lubricate the joint and regenerate cartilage.",
    "PRP and stem cells speed up healing of torn rotator cuffs.",
    "This breakthrough therapy restores sight to people with macular degeneration.",
]

NEUTRAL = [
    # "low" and "strong" are not the effects "lower" and "stronger"
    "Children with Down syndrome often have low muscle tone and strong family support.",
    "There are currently no FDA-approved stem cell products for the treatment of autism.",
    "Stem cell products have not been approved to treat orthopedic conditions such as osteoarthritis.",
    "Multiple sclerosis is a chronic disease of the central nervous system that affects the myelin.",
    "Some clinics falsely claim that stem cells can cure Parkinson's disease.",
    "The FDA has warned consumers about clinics offering unapproved stem cell treatments for COPD.",
    "Researchers are investigating whether mesenchymal stem cells could one day help people with ALS.",
    "Unproven treatments may be unsafe and can cause serious harm, including blindness.",
    "The only stem cell products approved by the FDA are blood-forming stem cells derived from cord blood.",
    "These products are approved for use in patients with disorders that affect the production of blood.",
    "Exosome products are not approved by the FDA to treat any disease.",
    "Patients have suffered serious infections and tumors after receiving unapproved stem cell injections.",
    "Knee osteoarthritis is a common cause of pain and disability in older adults.",
    "If you are considering a stem cell treatment, ask whether it is part of a registered clinical trial.",
    "Stem cells have the potential to treat many diseases, but most uses are still being studied.",
    "No stem cell treatment has been proven to reverse macular degeneration.",
    "Bone marrow transplants have been used for decades to treat leukemia and lymphoma.",
    "Be cautious of any clinic that says stem cells can treat a long list of unrelated conditions.",
    "Claims that a treatment cures autism are not supported by scientific evidence.",
    "The FDA has not approved any stem cell products for the treatment of COVID-19.",
    "Ryoncil is approved for children with steroid-refractory acute graft-versus-host disease.",
    "It is not known whether stem cell injections help with back pain.",
    "Parkinson's disease occurs when nerve cells in the brain that produce dopamine are damaged.",
    "Clinical trials are needed to determine if these therapies are safe and effective.",
    "A woman lost her sight after stem cell injections into her eyes at an unregulated clinic.",
    "Talk to your doctor before deciding on any stem cell treatment for arthritis.",
    "Stem cell therapy is not a cure for ALS, and the FDA has not approved it for that use.",
    "Stem cells may one day be used to treat a wide range of diseases, including Parkinson's disease and diabetes.",
    "Researchers hope that stem cell research will lead to new treatments for heart disease.",
    "Stem cells have the potential to repair damaged tissue, but this is still under study.",
    "Today the only approved stem cell treatments use blood-forming stem cells to treat some blood cancers.",
    "Some clinics market stem cell products as a cure for conditions such as ALS, autism and multiple sclerosis.",
    "These clinics often claim that their treatments can reverse aging or heal injuries.",
    "Patients who received unapproved stem cell injections for macular degeneration have gone blind.",
    "Osteoarthritis of the knee causes the cartilage that cushions the joint to wear down over time.",
    "Treatment for knee osteoarthritis usually includes exercise, weight loss and pain relievers.",
    "Physical therapy can reduce pain and improve function in people with knee osteoarthritis.",
    "Multiple sclerosis damages the myelin that protects nerve fibers in the brain and spinal cord.",
    "Disease-modifying therapies can reduce the number of relapses in people with relapsing MS.",
    "ALS is a progressive disease that affects nerve cells in the brain and spinal cord.",
    "Scientists are studying whether mesenchymal stromal cells are safe for people with ALS.",
    "In a small early-phase trial, some participants reported less pain, but the study had no control group.",
    "The FDA requires that stem cell products be proven safe and effective before they are approved.",
    "Unapproved stem cell products can cause infections, allergic reactions and tumors.",
    "Being listed on ClinicalTrials.gov does not mean that a study has been reviewed or approved by the FDA.",
    "Ask your doctor whether the treatment is being studied in a clinical trial registered with the FDA.",
    "There is no evidence that exosome injections help people with long COVID.",
    "Claims that stem cells can cure autism are false.",
    "Stem cell therapy for COPD has not been shown to be safe or effective.",
    "Hematopoietic stem cell transplantation is an established treatment for leukemia and lymphoma.",
    "Cord blood transplants can restore blood cell production in patients with certain blood disorders.",
    "Patients should be wary of treatments that have not been tested in clinical trials.",
    "Parkinson's disease is caused by the loss of dopamine-producing nerve cells.",
    "Current treatments for Parkinson's disease can help control symptoms but do not slow the disease.",
    "Autism is a developmental condition that affects communication and behavior.",
    "No treatment has been shown to cure autism.",
    "What are the risks of stem cell treatments?",
    "Rheumatoid arthritis is an autoimmune disease in which the immune system attacks the joints.",
    "Methotrexate and biologic drugs can slow joint damage in rheumatoid arthritis.",
    "If a clinic promises that stem cells will heal your arthritis, be skeptical.",
    "Early studies of MSCs in lupus were small and uncontrolled, and the results have not been confirmed.",
    "Regenerative medicine is a field that seeks to repair or replace damaged cells, tissues or organs.",
    "Stem cells are cells that can develop into many different types of cells.",
    "Adult stem cells are found in small numbers in most tissues, such as bone marrow and fat.",
    "Mesenchymal stromal cells can be grown in the laboratory from bone marrow, fat and umbilical cord tissue.",
    "The trial enrolled 110 patients and compared transplantation with disease-modifying therapy.",
    "The treatment carries serious risks, including infection and infertility, and is not offered outside specialized centers.",
    "Most studies were small, lacked a control group, and followed patients for less than a year.",
    "Injections into the eye have caused retinal detachment and permanent vision loss.",
    "Cells injected into the spine have grown into tumors in a few reported cases.",
    "Products contaminated with bacteria have caused serious infections.",
    "Blood-forming stem cell transplants are used to treat leukemia, lymphoma and some inherited blood disorders.",
    "Omisirge is approved for adults and children 12 and older with blood cancers planned for cord blood transplantation.",
    "Lantidra is approved for adults with type 1 diabetes who have repeated episodes of severe low blood sugar.",
    "Knee pain is one of the most common reasons adults see a doctor.",
    "Exercise and weight loss help many people with knee osteoarthritis.",
    "Stroke occurs when blood flow to part of the brain is blocked.",
    "Heart failure means the heart cannot pump enough blood to meet the body's needs.",
    "Stem cell tourism exposes patients to unproven procedures abroad.",
    "Clinics may charge $5,000 to $50,000 for a single treatment that has not been tested.",
    "Many people with MS hear about stem cells from friends or online forums.",
    "The FDA is aware of clinics that market stem cell products to treat a variety of diseases and conditions.",
    "These products have not been approved by the FDA, and their safety and effectiveness have not been established.",
    "Some patients who received these products experienced serious adverse events, including blindness and infections.",
    "Stem cell treatments that are not FDA approved may be illegal and potentially harmful.",
    "Before undergoing any treatment, patients should ask if the product is FDA approved or being "
    "studied under an investigational new drug application.",
    "There are currently no FDA-approved exosome products.",
    "Exosome products are being marketed to treat conditions such as Alzheimer's disease, COVID-19 and macular degeneration.",
    "The agency has issued warning letters to firms marketing unapproved products that claim to cure or "
    "mitigate serious diseases.",
    "Cord blood is used to treat disorders of the blood and immune system, such as leukemia and some inherited conditions.",
    "Stem cells from bone marrow have been used for many years to treat cancers of the blood.",
    "Multiple sclerosis is an unpredictable disease that can cause vision problems, numbness and difficulty walking.",
    "People with ALS gradually lose the ability to move, speak and breathe.",
    "Osteoarthritis is the most common form of arthritis and usually affects the knees, hips and hands.",
    "Treatments for Parkinson's disease include medications, physical therapy and, in some cases, deep brain stimulation.",
    "Scientists are learning how stem cells might be used to replace damaged cells in the heart.",
    "Research on stem cells for spinal cord injury is ongoing, but no treatment has been proven to restore function.",
    "If you were harmed by a stem cell treatment, you can report it to MedWatch.",
    "Be cautious about clinics that say their treatments work for many unrelated diseases.",
    "Patients have traveled abroad for stem cell procedures that cost tens of thousands of dollars.",
    'Claims of "no risk" are a warning sign.',
    "It is important to understand that results from a single patient are not evidence that a treatment works.",
    "Stem cell treatments for autism have not been shown to be safe or effective in clinical trials.",
    "Unapproved stem cell injections can cause tumors, infections and the loss of vision.",
    "The FTC has taken action against companies that made deceptive health claims about stem cell therapy.",
    "In 2021, a court ordered a clinic to stop claiming that its treatments could cure Parkinson's disease and other conditions.",
    "Stem cell therapy has not been proven to help people with multiple sclerosis outside of clinical trials.",
    "Although some clinics say stem cells can regenerate cartilage, there is no good evidence that they do.",
    "An injection of your own fat cells will not regrow a worn-out knee.",
    "The only way to know if a treatment works is to test it in well-designed clinical trials.",
    "Many treatments that looked promising in early studies later turned out not to work.",
    "Stem cells cannot cure autism, and no clinic can promise that they will.",
    "Ask your doctor about treatments that are proven to help with knee osteoarthritis, such as exercise and weight loss.",
    "Doctors can treat heart failure with medicines, devices and, in some cases, a heart transplant.",
    "Hematopoietic stem cell transplants can cure some blood cancers.",
    "Stem cell research may lead to new treatments for diseases such as diabetes and Parkinson's disease.",
    "Some stem cell clinics charge thousands of dollars for treatments that have not been tested.",
    "In a clinical trial, researchers compare a new treatment with a placebo or standard care.",
    "Patients in the trial received either stem cells or a placebo, and neither they nor their doctors knew which.",
    "The study found no difference in pain between the two groups after one year.",
    "Stem cells are not a proven treatment for COPD, and the FDA has warned about clinics that offer them.",
    "It's natural to want to try anything when a loved one has ALS.",
    "Our advocacy group does not endorse any stem cell clinic.",
    "We encourage patients to enroll in registered clinical trials rather than pay for unproven treatments.",
    'Even "your own cells" can be contaminated or injected in the wrong place.',
    # The supplement-style disclaimer, with an Oxford comma, after another clause.
    "These injections are given at our partner clinic and are not intended to diagnose, treat, cure, or prevent any disease.",
    # Typographic apostrophes negate as the typed ones do.
    "There isn\u2019t enough evidence yet to show that these injections help knee arthritis.",
    "Research doesn\u2019t support using cord blood cells for autism outside a trial.",
    # The evidence itself denied, the claim far after the cue.
    "There are no controlled human studies in the published literature showing that cord cells reverse lupus.",
    "No randomised trials to date have compared amniotic injections with a placebo for plantar fasciitis.",
]

LISTED_PAGE = """# Stem cell therapy

## Conditions we treat

- Multiple sclerosis
- Parkinson's disease
- COPD and emphysema
"""

NEGATED_LIST_PAGE = """# About stem cell clinics

Stem cell products have not been approved by the FDA for any of the following:

- Multiple sclerosis
- Parkinson's disease
- COPD and emphysema
"""


def _serious(findings):
    return [finding for finding in findings if finding.scope == "span" and finding.severity >= Severity.WARNING]


@pytest.mark.parametrize("sentence", CLAIMS)
def test_claim_shapes_are_flagged(check, sentence):
    text = PAGE_TOPIC + sentence
    flagged = [finding for finding in _serious(check(text)) if finding.offset >= len(PAGE_TOPIC)]
    assert flagged, f"no warning or error on: {sentence}"


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_careful_and_descriptive_sentences_are_not_flagged(check, sentence):
    text = PAGE_TOPIC + sentence
    flagged = [finding for finding in _serious(check(text)) if finding.offset >= len(PAGE_TOPIC)]
    assert not flagged, [(finding.rule, finding.text) for finding in flagged]


def test_a_list_under_a_treating_heading_is_one_claim_at_the_heading(check):
    findings = [finding for finding in _serious(check(LISTED_PAGE, path="page.md")) if finding.rule.startswith("efficacy/")]
    assert findings, "the list of conditions under 'Conditions we treat' was not flagged"
    assert {finding.text for finding in findings} == {"Conditions we treat"}
    assert all(finding.line == 3 for finding in findings)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # A clinic's menu of conditions, unknown items and elisions included, offers its treatment for each.
        ("Heart Failure, Stroke…Paraplegia, Parkinson's Disease…Autism…COPD (Emphysema)…Lupus, Gout...", True),
        ("Heart failure, stroke, Parkinson's disease, autism, COPD and lupus, and many more.", True),
        # A sentence that says something about the list has words of its own.
        ("Heart failure, stroke, Parkinson's disease, autism, COPD and lupus are among the conditions clinics list.", False),
        # One area is not a menu of unrelated diseases.
        ("Knee pain, back pain, shoulder pain, hip pain, neck pain.", False),
    ],
)
def test_a_bare_menu_of_unrelated_diseases_is_an_offer(check, text, flagged):
    found = {finding.rule for finding in _serious(check(text))}
    assert ("efficacy/many-diseases" in found) is flagged, found


def test_a_menu_on_a_page_that_lists_what_clinics_advertise_is_reported_not_made(check):
    page = (
        "# What clinics advertise\n\nClinics advertise injections for:\n\n"
        "- Heart failure, stroke, Parkinson's disease, autism, COPD and lupus\n"
    )
    assert not [finding for finding in _serious(check(page, path="page.md")) if finding.rule.startswith("efficacy/")]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Did you know our clinic has treatments available to treat COVID-19?", True),
        ("Do you offer treatments for COVID-19?", False),
    ],
)
def test_did_you_know_asserts_and_a_real_question_asks(check, text, flagged):
    efficacy = [finding for finding in _serious(check(text)) if finding.rule.startswith("efficacy/")]
    assert bool(efficacy) is flagged, [(finding.rule, finding.text) for finding in efficacy]


SERVICE_CARDS = """# Regenerative care at our clinic

Our clinic offers stem cell injections and PRP.

- Shockwave Therapy: This sends sound waves into the tendon to help damaged tissue heal.
- Knee Injections: These go straight into the joint.
- They can be a great option for knee arthritis.
- Spinal Decompression: This therapy gently stretches your spine.
- It can ease pressure on nerves that might be causing sciatica.
- Recovery time depends on your body and the problem being treated.
"""


def test_a_service_card_names_the_therapy_its_sentences_speak_of(check):
    by_line: dict[int, set[str]] = {}
    for finding in _serious(check(SERVICE_CARDS, path="page.md")):
        by_line.setdefault(finding.line, set()).add(finding.rule)
    assert by_line.get(5), "the shockwave card's claim of healing was not flagged"
    # "great for"/"a great option for" a disease offers the therapy for it
    assert "efficacy/unapproved-indication" in by_line.get(7, set())
    # a "might" in a relative clause after the effect qualifies the nerves, not the claim
    assert by_line.get(9), "the decompression card's claim was read as hedged"
    # "the problem being treated" names what is treated: no effect is claimed
    assert not by_line.get(10), by_line.get(10)


def test_an_effect_word_in_a_business_name_claims_nothing_unless_the_name_holds_a_disease(check):
    page = "# Evergreen Longevity Institute\n\nStem cell therapy at Clearbrook Recovery Clinic for members with long COVID.\n"
    assert not [finding for finding in _serious(check(page, path="page.md")) if finding.rule == "efficacy/anti-aging"]
    named = "# About us\n\nOur stem cell program runs the Lupus Recovery Center.\n"
    assert [finding for finding in _serious(check(named, path="page.md")) if finding.rule.startswith("efficacy/")]


SERVICE_DESCRIPTIONS = """# Regenerative wellness

Book your stem cell consultation today. Packages from $4,000.

## Longevity

Whole-body renewal protocols designed to rejuvenate your energy and cellular health.

## Spine

Guided stem cell delivery to the lower back to address sciatica and herniated discs.

## Pricing

Renewal protocol, three sessions: $6,500
"""


def test_a_service_description_promises_the_outcome_of_what_the_page_sells(check):
    by_line: dict[int, set[str]] = {}
    for finding in _serious(check(SERVICE_DESCRIPTIONS, path="page.md")):
        by_line.setdefault(finding.line, set()).add(finding.rule)
    assert by_line.get(7), "the renewal protocol's promise was not flagged"
    assert by_line.get(11), "'to address sciatica' was not read as an effect"
    assert not by_line.get(15), by_line.get(15)  # a price line describes nothing


def test_whom_a_selling_page_serves_by_disease_is_an_offer(check):
    page = (
        "# Cord cell infusions\n\nBook a consultation today; packages from $5,000.\n\n"
        "Our clinics serve patients with knee osteoarthritis, long COVID and erectile dysfunction.\n\n"
        "We see adults with a confirmed COPD diagnosis who are stable on their inhalers.\n"
    )
    by_line = {finding.line for finding in _serious(check(page, path="page.md")) if finding.rule.startswith("efficacy/")}
    assert 5 in by_line
    assert 7 not in by_line  # whom a clinic sees is no offer of what it sells


OUTCOME_SECTION_PAGE = """# Rosacea care

Our exosome facial is made from donor cell culture media and applied after microneedling.

## What to expect

Each visit takes about forty minutes.

The flushing calms within a week and the tiny red veins fade.

Most people go back to work the same day.

Injections are placed in the lower cheeks with a fine needle.

## Our team

The redness in our waiting room photos fades with better lighting.
"""


def test_what_an_outcome_section_of_a_selling_page_says_happens_is_a_claim(check):
    by_line = {
        finding.line for finding in _serious(check(OUTCOME_SECTION_PAGE, path="page.md")) if finding.rule.startswith("efficacy/")
    }
    assert 9 in by_line  # the outcome the page sells, with no product named in the sentence
    assert not by_line & {7, 11, 13}  # procedure facts, aftercare, "lower" of a body part
    assert 17 not in by_line  # under another heading an effect word is not the product's outcome


@pytest.mark.parametrize(
    ("heading", "flagged"),
    [
        # a therapy named after the disease it is for, as page titles and menus name them
        ("Parkinson's Stem Cell Program | Example Neuro Clinic", True),
        # a service noun alone names a topic as often as an offer
        ("Hair Loss Treatment | Example Dermatology", False),
        ("Exosome scalp session: for receding hairlines, $800", True),
        # a topic, not an offer
        ("Heart Failure Cell Therapy Study: Information for Patients", False),
        ("Spinal Cord Injury and Cell Therapy: a webinar", False),
    ],
)
def test_a_therapy_named_after_its_disease_in_a_heading_is_an_offer(check, heading, flagged):
    page = f"# {heading}\n\nOur clinic offers regenerative injections. Book today.\n"
    found = [
        finding for finding in _serious(check(page, path="page.md")) if finding.line == 1 and finding.rule.startswith("efficacy/")
    ]
    assert bool(found) is flagged, [(finding.rule, finding.text) for finding in found]


def test_a_list_under_a_negated_lead_in_is_not_a_claim(check):
    assert not [finding for finding in _serious(check(NEGATED_LIST_PAGE, path="page.md")) if finding.scope == "span"]


def test_reference_list_titles_are_not_claims(check):
    page = (
        "# PRP for knees\n\nPRP may reduce knee pain in some patients [1].\n\n## References\n\n"
        "1. Doe J. Platelet-rich plasma injections for knee osteoarthritis. Example J. 2020. doi:10.5555/abc.123\n"
    )
    assert not [finding for finding in _serious(check(page, path="page.md")) if finding.line > 4]


def test_a_quoted_claim_that_the_page_refutes_is_reported_not_made(check):
    page = '# Warning signs\n\n> "Our stem cells reverse multiple sclerosis."\n\nThat claim is false.\n'
    assert not [finding for finding in _serious(check(page, path="page.md")) if finding.scope == "span"]
    page_without_refutation = '# Our results\n\n> "Our stem cells reverse multiple sclerosis."\n\nBook a visit today.\n'
    assert [finding for finding in _serious(check(page_without_refutation, path="page.md")) if finding.scope == "span"]


def test_can_asserts_and_could_hedges(check):
    bare = check(PAGE_TOPIC + "Stem cells can repair your knee cartilage.")
    hedged = check(PAGE_TOPIC + "Stem cells could one day repair knee cartilage.")
    assert "efficacy/unsupported-claim" in {finding.rule for finding in bare}
    assert "efficacy/unsupported-claim" not in {finding.rule for finding in hedged}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("LumaGlow serum. LumaGlow is not intended to diagnose, treat, cure or prevent any disease.", False),
        ("Stem cell products are not approved to treat, cure or prevent arthritis.", False),
        ("Stem cells do not cause rejection, and they repair cartilage.", True),
    ],
)
def test_negation_reaches_across_a_list_of_verbs_but_not_into_a_new_clause(check, text, flagged):
    efficacy = [finding for finding in check(text) if finding.rule.startswith("efficacy/")]
    assert bool(efficacy) is flagged, [(finding.rule, finding.text) for finding in efficacy]


def test_a_product_name_the_page_defines_is_read_as_the_therapy(check):
    page = "HeartBridge is our cardiac cell protocol.\n\nHeartBridge rebuilds damaged heart muscle after a heart attack.\n"
    flagged = [finding for finding in check(page) if finding.rule == "efficacy/unsupported-claim"]
    assert [finding.line for finding in flagged] == [3]
    undefined = "Call HeartBridge Clinic today.\n\nHeartBridge rebuilds damaged heart muscle after a heart attack.\n"
    assert not [finding for finding in check(undefined) if finding.rule == "efficacy/unsupported-claim"]


def test_long_pages_are_checked_in_time_linear_in_their_length(check):
    """Not a timing test: a page of 2,000 sentences must finish at all (the quadratic scans
    it once triggered made it take minutes); the count of findings grows with the page."""
    sentence = "Our stem cell injections rebuild cartilage. Knee pain is common in older adults. "
    findings = check(PAGE_TOPIC + sentence * 1000)
    assert len([finding for finding in findings if finding.rule == "efficacy/unsupported-claim"]) == 1000


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Our treatment can help patients with Parkinson's disease.", True),
        ("Our protocol reverses the symptoms of autism.", True),
        ("We treat patients with multiple sclerosis, ALS and stroke.", True),
        ("Our clinic offers treatment for autism, cerebral palsy and Down syndrome.", True),
        ("The treatment reduces symptoms of MS.", False),  # whose treatment? a page must name one
        ("We help patients with knee pain decide on treatment.", False),
        ("We do not offer stem cell treatment for MS.", False),
        ("We are aware of clinics that claim to treat autism.", False),
    ],
)
def test_a_business_speaking_of_its_own_treatment_claims_even_on_a_one_line_page(check, sentence, flagged):
    """Regulators quote single lines; the business's own "we"/"our protocol" needs no page around it."""
    efficacy = [finding for finding in _serious(check(sentence)) if finding.rule.startswith("efficacy/")]
    assert bool(efficacy) is flagged, [(finding.rule, finding.text) for finding in efficacy]


STOPPING = [
    # (sentence, rule expected among the findings of the sentence, or None for no cure finding)
    ("Our stem cell therapy stops the itching of eczema.", "efficacy/cure-claim"),
    ("After our MSC infusions the glaucoma stops advancing.", "efficacy/cure-claim"),
    ("Our exosome therapy halts the progression of multiple sclerosis.", "efficacy/cure-claim"),
    ("After our stem cell treatment, many patients no longer need oxygen.", "efficacy/cure-claim"),
    # an action of the body stops, not the disease (ANNOTATION B33: a mechanism)
    ("With our stem cell injections the bulging disc stops pressing on the nerve.", None),
    # hedged: the improvement it names, reported at info by the hedge rule
    ("Our PRP may stop the itching of eczema.", None),
]


@pytest.mark.parametrize(("sentence", "expected"), STOPPING)
def test_stopping_a_disease_or_symptom_is_a_cure_claim(check, sentence, expected):
    rules = {finding.rule for finding in check(sentence)}
    if expected is None:
        assert "efficacy/cure-claim" not in rules
    else:
        assert expected in rules


def test_a_symptom_that_goes_away_with_rest_is_its_course_not_an_outcome(check):
    page = (
        "Our stem cell program: book now, packages from $900.\n\n"
        "The first symptom is often a cramping pain in the calf while walking, which goes away with rest.\n\n"
        "After our cells, the pain goes away for good.\n"
    )
    cure_lines = [finding.line for finding in check(page) if finding.rule == "efficacy/cure-claim"]
    assert cure_lines == [5]


def test_never_felt_better_is_a_superlative_not_a_denial(check):
    rules = {finding.rule for finding in check("Six weeks after my stem cell injection, my shoulder has never felt better.")}
    assert "efficacy/unsupported-claim" in rules


def test_fda_cleared_equipment_is_no_effect(check):
    rules = {finding.rule for finding in check("Our stem cell treatment is prepared with FDA-cleared equipment.")}
    assert "efficacy/unsupported-claim" not in rules


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("We do not offer stem cell injections for arthritis, back pain or anti-aging.", False),
        ("We no longer offer exosome facials to reverse ageing skin.", False),
        ("We do not offer surgery; our stem cells repair worn knees.", True),
        ("We do not offer surgery, but our stem cells repair worn knees.", True),
    ],
)
def test_a_denied_offer_denies_every_use_it_lists(check, sentence, flagged):
    serious = [finding for finding in _serious(check(sentence)) if finding.rule.startswith("efficacy/")]
    assert bool(serious) == flagged


@pytest.mark.parametrize(
    "title",
    [
        "Position statement: stem cell treatments for COPD",
        "Five myths about stem cell therapy for autism",
        "Unauthorized cell therapies promoted for kidney disease",
    ],
)
def test_a_therapy_named_as_a_topic_is_not_offered(check, title):
    assert not [finding for finding in check(title) if finding.rule.startswith("efficacy/")]


def test_a_therapy_offered_in_a_title_still_is(check):
    assert "efficacy/unapproved-indication" in {
        finding.rule for finding in check("Stem Cell Therapy for Knee Arthritis | Summit Clinic")
    }


@pytest.mark.parametrize(
    "sentence",
    [
        # an offer made with its own caveat (ANNOTATION B33)
        "We offer PRP for knee osteoarthritis after discussing the mixed evidence, and we cannot promise that it will help.",
        "We offer stem cell injections for canine elbow arthritis only within our clinical studies.",
        # someone else's offer, reported
        "Some private clinics, in the US and abroad, sell infusions of mesenchymal cells for MS.",
        "Searching late one night, she found a clinic in Cancun that offered cord cell infusions for MS.",
        # a careful page's title: the topic, then what it says of it
        "PRP for tennis elbow: a sports doctor's honest take",
        "Shockwave, PRP and stem cells for erectile dysfunction: our view",
    ],
)
def test_careful_and_reported_offers_are_not_the_page_offering(check, sentence):
    assert not [finding for finding in check(sentence) if finding.rule.startswith("efficacy/")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Our clinic offers stem cell therapy for knee arthritis.",
        "Unlike the clinics down the road, we offer stem cell therapy for knee arthritis.",
        "Stem Cell Therapy for Knee Arthritis: Rebuild Cartilage Naturally",
    ],
)
def test_the_pages_own_offers_still_are(check, sentence):
    assert "efficacy/unapproved-indication" in {finding.rule for finding in check(sentence)}


@pytest.mark.parametrize(
    ("name", "claims"),
    [
        ("Exosome Recovery Shot", False),
        ("Exosome Performance Boost", False),
        ("Exosome Knee Repair", True),  # the name promises what it does to the knee
        ("Exosomes Repair Damaged Knees", True),
    ],
)
def test_an_effect_word_in_a_product_name_claims_nothing(check, name, claims):
    assert bool([finding for finding in check(name) if finding.rule.startswith("efficacy/")]) == claims


MENU_PAGE = """# Recovery menu

## Exosome Performance Boost

A thirty-minute drip of exosomes, booked at the front desk. $450.

## Exosome Recovery Shot

A single injection, with a follow-up call the next day. $300.
"""


def test_a_product_name_as_a_heading_claims_nothing(check):
    """A Markdown heading is a sentence that ends in a blank line; the name still reads as a name."""
    findings = check(MENU_PAGE, path="menu.md")
    assert not [finding for finding in findings if finding.rule.startswith("efficacy/") and finding.line in (3, 7)]


def test_a_news_report_of_a_brochure_is_reported_not_claimed(check):
    sentence = "Its brochure tells readers that stem cell infusions rebuild the connections a stroke destroyed."
    assert not [finding for finding in check(sentence) if finding.rule == "efficacy/unsupported-claim"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Why we stopped offering exosome facials",
        "From 1 July, the dermatology department will stop offering PRP injections for hair loss.",
        "Cartilage repair surgery, including MACI for eligible knee cartilage defects",
        "Visit Healing Waters Regenerative Center for a consultation about stem cell therapy.",
    ],
)
def test_business_actions_and_names_with_effect_words_claim_nothing(check, sentence):
    assert not [finding for finding in check(sentence) if finding.rule.startswith("efficacy/")]


STATES_EFFECTS_PAGE = """# Degenerative disc disease

Discs lose water and height with age.

## How disc regeneration works

Bone marrow concentrate injected into the disc rehydrates the worn centre and seals its cracks.

## What to expect

The injection is given under X-ray guidance.

Sitting becomes more comfortable over six to twelve weeks.
"""

TRANSPLANT_PAGE = """# Cord blood transplant for leukaemia

A cord blood transplant replaces the bone marrow in children with leukaemia.

## What to expect

Engraftment usually takes three to six weeks, and children stay in hospital until their counts recover.
"""


def test_a_page_that_states_what_its_therapy_does_sells_the_outcomes_it_expects(check):
    lines = {
        finding.line for finding in _serious(check(STATES_EFFECTS_PAGE, fmt="markdown")) if finding.rule.startswith("efficacy/")
    }
    assert 13 in lines


def test_an_approved_transplant_pages_recovery_is_not_a_sold_outcome(check):
    lines = {finding.line for finding in _serious(check(TRANSPLANT_PAGE, fmt="markdown")) if finding.rule.startswith("efficacy/")}
    assert 7 not in lines


def test_a_plain_text_line_can_head_an_outcome_section(check):
    page = (
        "Our amniotic injection heals the torn fascia so it can knit back together.\n\n"
        "What to expect\n\n"
        "The injection takes a few minutes.\n\n"
        "Those first morning steps get easier within two to three weeks.\n"
    )
    lines = {finding.line for finding in _serious(check(page, fmt="text")) if finding.rule.startswith("efficacy/")}
    assert 7 in lines


CARD_PAGE = """# Airwell Lung Center

Our stem cell infusions repair the damaged air sacs of the lungs. Book a free consultation today.

## Our programs

- COPD Program
- Pulmonary Fibrosis Program
- Lung Function Testing
"""


def test_a_card_naming_a_disease_and_its_program_offers_the_pages_treatment(check):
    lines = {finding.line for finding in check(CARD_PAGE, fmt="markdown") if finding.rule == "efficacy/unapproved-indication"}
    assert {7, 8} <= lines
    assert 9 not in lines


@pytest.mark.parametrize(
    ("sentence", "appeal"),
    [
        ("Our stem cell program incorporates the latest research findings to make care more effective.", True),
        ("Our knee protocol draws on the latest research from leading universities.", True),
        ("The clinic's page draws on research, but its claims go further than the studies do.", False),
    ],
)
def test_a_puffed_backing_verb_makes_an_appeal_to_research(check, sentence, appeal):
    assert ("evidence/uncited-appeal" in {finding.rule for finding in check(sentence)}) == appeal


TOPIC_PAGE = """# Stem Cell Treatment for Macular Degeneration

Our stem cell eye program is booked through our clinic. Book a free consultation today; packages from $6,900.

Our stem cells restore the damaged retina.

Our stem cells may protect the retina.

Regenerative medicine is a general term for treatments meant to support the body's own repair.
"""


def test_a_claim_naming_no_disease_is_about_the_disease_of_the_pages_title(check):
    found = [finding for finding in check(TOPIC_PAGE, fmt="markdown") if finding.rule == "efficacy/unapproved-indication"]
    assert [finding.line for finding in found] == [1, 5]  # the title offers it too; not the hedge or the definition
    assert "macular degeneration" in found[1].message.lower()


def _statuses(linter, text):
    return [span.label_ for span in linter.nlp(text).spans.get("claims", ())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The negation of a verb of promising or knowing covers the clause it governs...
        ("We can't promise our stem cell injections will help your knees.", ["negated"]),
        ("We never said that our stem cell injections cure arthritis.", ["negated"]),
        ("We do not describe our stem cell injections as a cure for arthritis.", ["negated"]),
        ('Fat grafting is a surgery, and we do not describe it as "stem cell rejuvenation."', ["negated"]),
        # Proof denied: "no proof" governs the rest of the sentence like "no evidence".
        ("We have not seen good proof that stem cell injections regrow cartilage in people.", ["negated"]),
        # Scarce proof is denied proof; "a few studies" is some.
        ("There is little evidence that stem cell injections help knee pain.", ["negated"]),
        ("Very few studies show that stem cell injections help knee pain.", ["negated"]),
        ("Hardly any studies show that stem cell injections help knee pain.", ["negated"]),
        ("A few studies show that stem cell injections help knee pain.", ["bare"]),
        # ... however many words describe the trial that is denied
        (
            "We are not aware of any completed controlled trial showing that stem cell injections regrow cartilage.",
            ["negated"],
        ),
        # ...but a subject after "and" opens a new clause.
        ("We do not use steroids, and our stem cell injections relieve pain.", ["bare"]),
        # "no doubt", "without question": the negation asserts.
        ("There is no doubt that stem cell injections repair cartilage.", ["bare"]),
    ],
)
def test_negation_reaches_into_the_clause_its_verb_governs(linter, text, expected):
    assert _statuses(linter, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Sellers other than the business, and their copy, make the claim the page reports.
        ("Several members have seen ads for stem cell treatments that promise to restore hearing.", ["reported"]),
        ("Many of our patients have been contacted by clinics offering stem cell infusions for long COVID.", ["reported"]),
        ("A clinic may say that its stem cell injections repair cartilage.", ["reported"]),
        ("The press release said the stem cell infusions rebuild damaged nerves.", ["reported"]),
        ("Her brochure, which she sent us, promised that stem cell injections regrow cartilage.", ["reported"]),
        (
            'The advert, for a clinic in Leeds, stated: "Arthritis and back pain can be reversed with one stem cell session."',
            ["reported"],
        ),
        ('Our brochure says: "Stem cell injections reverse arthritis."', ["bare"]),
        ("Readers send us adverts promising that stem cell injections will end back pain for good.", ["reported"]),
        # The business's own copy, a clinic named as the business, and "release" as a verb claim.
        ("Our website says our stem cell injections repair cartilage.", ["bare"]),
        ("Riverside Clinic offers stem cell injections that repair cartilage.", ["bare"]),
        ("Unlike the clinics down the road, our doctors offer stem cell injections that repair cartilage.", ["bare"]),
        ("The platelets in PRP release growth factors that call in cells to heal tendons.", ["bare"]),
    ],
)
def test_a_claim_made_by_other_sellers_is_reported(linter, text, expected):
    assert _statuses(linter, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A party to a case, a company in the news, a clinic's own site or sales line: the
        # page relays what they claimed.
        ("According to the lawsuit, the clinic's staff said the stem cell shots would rebuild her spine.", ["reported"]),
        ("The stem cell infusions would reverse her MS, according to testimony heard last week.", ["reported"]),
        ("The sales pitch was that a single stem cell drip reverses ageing.", ["reported"]),
        ("The clinic's brochure says the exosome shots regrow knee cartilage in weeks.", ["reported"]),
        ("The clinic had promised him that stem cell injections would heal his torn rotator cuff.", ["reported"]),
        # Enforcement against a seller, adverts for a use, patients who went abroad for one.
        ("The state has sued a chain whose stem cell injections, it said, regrow knee cartilage.", ["reported"]),
        ("Readers write in after seeing ads for stem cell shots that repair torn tendons.", ["reported"]),
        # A sponsor's trial and its arms are research, not an offer.
        ("The company's phase 2 trial of its cell therapy for stroke missed its primary endpoint.", ["investigational"]),
        ("Study title: a trial of stem cell injections to regrow knee cartilage", ["investigational"]),
        # "Settle" as a symptom easing is no settlement.
        ("Knee pain from a meniscus tear often settles with our PRP injections.", ["bare"]),
        # A myth quoted to be examined; a clinic's own "myth" that doubts the therapy implies
        # the opposite claim and is not the page relaying anyone.
        ('Myth 3: "Stem cell infusions repair a damaged spinal cord."', ["reported"]),
        ('2. Claim: "Exosome drips reverse ageing."', ["reported"]),
        ('Myth 2: "Stem cell shots don\'t repair knee cartilage."', ["negated"]),
        # The business's own line stays its claim.
        ("According to our doctors, stem cell injections rebuild knee cartilage.", ["bare"]),
    ],
)
def test_a_claim_relayed_from_a_party_or_quoted_as_a_myth_is_reported(linter, text, expected):
    assert _statuses(linter, text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The state has sued a chain over its stem cell injections for knee arthritis.",
        "The attorney general has settled with a spa chain over its stem cell facials for rosacea.",
        "Our nurses see patients who travelled abroad for stem cell infusions for MS and autism.",
    ],
)
def test_an_offer_relayed_from_other_sellers_is_no_offer_of_the_page(check, sentence):
    assert "efficacy/unapproved-indication" not in {finding.rule for finding in check(sentence)}


def test_the_united_states_is_no_verb_of_claiming(check):
    # "clinics in the United States": "states" is a place here, not a source stating a claim.
    findings = check("Our exosome supplier ships to clinics in the United States and is fully FDA-compliant.")
    assert "regulatory/fda-misrepresentation" in {finding.rule for finding in findings}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Instructions about the reader's own medicines are no effect of the therapy...
        ("Stop anti-inflammatory pain relievers seven days before your stem cell injection.", []),
        ("If you take blood thinners or diabetes medicines, we will tell you which to stop and when.", []),
        ("Do not stop your disease-modifying therapy before your stem cell infusion.", []),
        # ...an outcome with a subject of its own, or a disease stopped, is a claim.
        ("After our stem cell injections, patients stop taking pain pills.", ["bare"]),
        ("With our stem cell infusions, patients have been able to stop taking insulin.", ["bare"]),
        ("Stop knee pain with our stem cell injections.", ["bare"]),
    ],
)
def test_an_instruction_to_stop_a_medicine_is_no_claim(linter, text, expected):
    assert _statuses(linter, text) == expected


# On a selling page a sentence naming no therapy inherits the page's product; one that says
# what a condition is, or offers conventional care the sentence names, does not make a claim.
KIDNEY_PAGE = (
    "# Cord cells for kidney disease\n\nOur cord cell infusions restore kidney function. Book today, packages from $9,000.\n\n"
)
BLADDER_PAGE = "# PRP for incontinence\n\nOur PRP injections restore bladder control. Book today, packages from $2,000.\n\n"
KNEE_PAGE = "# PRP for knee pain\n\nOur PRP injections regrow knee cartilage. Book today, packages from $2,000.\n\n"


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        (KIDNEY_PAGE, "Chronic kidney disease means a permanent decrease in the filtering function of the kidneys."),
        (BLADDER_PAGE, "Stress urinary incontinence means leaking urine when you cough, sneeze, laugh or lift."),
        (KNEE_PAGE, "Exercise therapy is the first treatment we recommend for most people with knee osteoarthritis."),
    ],
)
def test_definitions_and_conventional_care_on_a_selling_page_are_not_claims(check, page, sentence):
    flagged = [finding for finding in _serious(check(page + sentence)) if finding.offset >= len(page)]
    assert not flagged, [(finding.rule, finding.text) for finding in flagged]


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        (KIDNEY_PAGE, "Chronic kidney disease is gone for good after two infusions."),
        (KNEE_PAGE, "We treat knee osteoarthritis without surgery or steroid shots."),
    ],
)
def test_the_same_shapes_still_claim_when_they_promise(check, page, sentence):
    flagged = [finding for finding in _serious(check(page + sentence)) if finding.offset >= len(page)]
    assert flagged, sentence


@pytest.mark.parametrize(
    ("text", "effects"),
    [
        ("Vaccines remain the treatments with the strongest evidence.", []),
        ("The easiest way to book is by phone, at the lowest price.", []),
        ("Our cells make bones stronger and lower inflammation.", ["stronger", "lower"]),
    ],
)
def test_a_superlative_is_no_comparative_effect(linter, text, effects):
    from claimcheck.sources import parse_source

    _, doc = next(linter.analyse([parse_source(text, "page.md", "markdown")]))
    assert [span.text for span in doc.spans["effects"]] == effects


SWEEP_PAGE = """# Stem cell therapy at Harbor Regenerative

Book a free consultation today. Packages from $4,900.

Our clinic offers umbilical cord stem cell infusions.

We see a lot of rheumatoid arthritis, neuropathy, long COVID and COPD in our clinic.

Erectile dysfunction becomes more common with age, diabetes and heart disease.
"""


def test_a_sweep_of_disease_areas_on_a_selling_page_offers_the_therapy_for_each(check):
    """Issue 17: diseases of three areas named by the business ("we see") are offered
    whatever the verb; the same areas in a sentence that only describes them are not."""
    found = [finding for finding in check(SWEEP_PAGE, fmt="markdown") if finding.rule == "efficacy/many-diseases"]
    assert [finding.line for finding in found] == [7]
