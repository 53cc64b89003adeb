"""The demo school's other frameworks as data: grade 6 English language arts (with its path), the
habits of work and learning, and the educator framework (grade 6 mathematics is framework_math).

ELA statements are written for this demo in the style of state standards; the educator framework
follows seed 003 (CompetencyWorks' draft educator competencies, 2013) question by question.
"""
from .framework_spec import FrameworkSpec, Item, domain, standard, target


ELA = FrameworkSpec(
    slug="ela-6",
    title="English Language Arts: Grade 6",
    subject="English language arts",
    source="Riverside district grade 6 ELA competencies (adapted from state standards)",
    description="Reading literature and informational text, writing, speaking and listening, and language.",
    domains=(
        domain("ELA.6.RL", "Reading: Literature", "I can read stories, drama and poems closely.",
               standard("ELA.6.RL.1",
                        "Cite textual evidence to support analysis of what the text says explicitly as well as "
                        "inferences drawn from the text.",
                        "I can quote the text to back up what I think it says.",
                        rubric=(
                            "Retells events; does not yet point to the text.",
                            "Points to a relevant passage; the link to the claim is loose.",
                            "Quotes or paraphrases strong evidence and explains how it supports the claim.",
                            "Weighs several pieces of evidence and explains which is strongest and why.",
                        )),
               standard("ELA.6.RL.2",
                        "Determine a theme or central idea of a text and how it is conveyed through particular "
                        "details; provide a summary distinct from personal opinions or judgments.",
                        "I can find a story’s theme and summarize it without adding my opinion."),
               standard("ELA.6.RL.3",
                        "Describe how a particular story's or drama's plot unfolds in a series of episodes as well "
                        "as how the characters respond or change as the plot moves toward a resolution.",
                        "I can explain how the plot unfolds and how characters change.")),
        domain("ELA.6.RI", "Reading: Informational Text", "I can read articles and other nonfiction closely.",
               standard("ELA.6.RI.1",
                        "Cite textual evidence to support analysis of what an informational text says explicitly "
                        "as well as inferences drawn from the text.",
                        "I can quote an article to back up what I think it says."),
               standard("ELA.6.RI.2",
                        "Determine a central idea of a text and how it is conveyed through particular details; "
                        "provide a summary distinct from personal opinions or judgments.",
                        "I can find the central idea of an article and summarize it."),
               standard("ELA.6.RI.8",
                        "Trace and evaluate the argument and specific claims in a text, distinguishing claims "
                        "that are supported by reasons and evidence from claims that are not.",
                        "I can judge whether an author’s claims are backed by reasons and evidence.",
                        depth="strategic_thinking")),
        domain("ELA.6.W", "Writing", "I can write arguments, explanations and stories for a reader.",
               standard("ELA.6.W.1", "Write arguments to support claims with clear reasons and relevant evidence.",
                        "I can write an argument with clear reasons and evidence.",
                        target("ELA.6.W.1.a", "Introduce claims and organize the reasons and evidence clearly.",
                               "I can state my claim and organize my reasons."),
                        target("ELA.6.W.1.b",
                               "Support claims with clear reasons and relevant evidence, using credible sources.",
                               "I can back up my claim with evidence from credible sources."),
                        target("ELA.6.W.1.c",
                               "Provide a concluding statement or section that follows from the argument presented.",
                               "I can end my argument with a conclusion that follows from it."),
                        depth="extended_thinking"),
               standard("ELA.6.W.2",
                        "Write informative/explanatory texts to examine a topic and convey ideas, concepts and "
                        "information through the selection, organization and analysis of relevant content.",
                        "I can write to explain a topic clearly and in an organized way."),
               standard("ELA.6.W.3",
                        "Write narratives to develop real or imagined experiences or events using effective "
                        "technique, relevant descriptive details and well-structured event sequences.",
                        "I can write a story with details and a clear sequence of events."),
               standard("ELA.6.W.5",
                        "With guidance and support from peers and adults, develop and strengthen writing as needed "
                        "by planning, revising, editing, rewriting or trying a new approach.",
                        "I can plan, revise and edit my writing using feedback.", kind="skill")),
        domain("ELA.6.SL", "Speaking and Listening", "I can discuss ideas and present what I know.",
               standard("ELA.6.SL.1",
                        "Engage effectively in a range of collaborative discussions, building on others' ideas "
                        "and expressing one's own clearly.",
                        "I can take part in a discussion, build on others’ ideas and share mine clearly.",
                        kind="skill"),
               standard("ELA.6.SL.4",
                        "Present claims and findings, sequencing ideas logically and using pertinent descriptions, "
                        "facts and details to accentuate main ideas or themes.",
                        "I can present my ideas in a logical order with facts and details.", kind="skill")),
        domain("ELA.6.L", "Language", "I can use English grammar and vocabulary well.",
               standard("ELA.6.L.1",
                        "Demonstrate command of the conventions of standard English grammar and usage when writing "
                        "or speaking.",
                        "I can use correct grammar when I write and speak.", depth="recall"),
               standard("ELA.6.L.4",
                        "Determine or clarify the meaning of unknown and multiple-meaning words and phrases, "
                        "choosing flexibly from a range of strategies.",
                        "I can figure out what new words mean using context and word parts.")),
    ),
)

# The 10-step reading and writing path, about three weeks a step, with a target date for each (Fridays;
# the winter break adds a week). At this pace grade 6 reads as a school would: most on pace, some ahead,
# a few far behind (tests/progressions/test_demo_pace.py).
ELA_PATH = (
    ("ELA.6.RL.1", (), "2026-09-18"),
    ("ELA.6.RI.1", (), "2026-10-09"),
    ("ELA.6.RL.2", ("ELA.6.RL.1",), "2026-10-30"),
    ("ELA.6.RI.2", ("ELA.6.RI.1",), "2026-11-20"),
    ("ELA.6.SL.1", (), "2026-12-11"),
    ("ELA.6.W.2", ("ELA.6.RI.2",), "2027-01-08"),
    ("ELA.6.RI.8", ("ELA.6.RI.2",), "2027-01-29"),
    ("ELA.6.W.1", ("ELA.6.RI.8", "ELA.6.W.2"), "2027-02-19"),
    ("ELA.6.W.5", ("ELA.6.W.2",), "2027-03-12"),
    ("ELA.6.SL.4", ("ELA.6.W.1", "ELA.6.SL.1"), "2027-04-02"),
)
ELA_MIDWAY = {
    44: (3, "Reading inventory in September: cites evidence from literature and informational text confidently."),
    101: (2, "Strong evidence work in a summer reading program; starting at informational text."),
}


def _habit(code, statement, i_can, rubric=()):
    return Item(code, statement, i_can, kind="disposition", item_type="Habit", rubric=rubric, cross_cutting=True)


HABITS = FrameworkSpec(
    slug="habits-of-work",
    title="Habits of Work and Learning",
    subject="Cross-cutting dispositions",
    source="Riverside Middle School graduate profile",
    description="Dispositions that carry across every subject. Evidence comes from any class, project or "
                "internship.",
    domains=(
        _habit("HOW.1", "Perseveres through challenging tasks, tries new strategies when stuck, and learns from "
               "mistakes.", "I can keep going when work is hard and try a new strategy when I’m stuck.",
               rubric=("Stops when the work gets hard; waits for help.",
                       "Keeps going with encouragement; tries one other way.",
                       "Keeps going on their own and tries several strategies before asking for help.",
                       "Seeks out hard problems and helps classmates find strategies.")),
        _habit("HOW.2", "Seeks out feedback, reflects on it, and uses it to revise work.",
               "I can ask for feedback and use it to make my work better.",
               rubric=("Reads feedback but does not yet act on it.",
                       "Makes the changes feedback names when reminded.",
                       "Asks for feedback and revises work using it without reminders.",
                       "Asks targeted questions about feedback and gives useful feedback to peers.")),
        _habit("HOW.3", "Contributes to group work, listens to others' ideas, and helps the team reach its goal.",
               "I can do my share in a group, listen to others and help the team reach its goal."),
        _habit("HOW.4", "Manages time and materials, keeps track of deadlines, and plans the steps of a task.",
               "I can plan my time and keep track of my work and deadlines."),
        _habit("HOW.5", "Completes work, meets commitments, and takes ownership of learning.",
               "I can finish my work, keep my commitments and own my learning."),
        _habit("HOW.6", "Reflects on own learning, names strengths and next steps, and sets goals.",
               "I can look back on my learning, name what I do well and set my next goal."),
    ),
)


def _question(code, question, i_can, kind="skill"):
    return Item(code, question, i_can, kind=kind, item_type="Key question")


def _badge(code, title, i_can, *questions):
    return Item(code, title, i_can, children=questions, item_type="Domain", rollup="all", kind="skill")


EDUCATOR = FrameworkSpec(
    slug="educator-badges",
    title="Competency Education for Educators",
    subject="Professional learning",
    source="CompetencyWorks, “Competencies for Competency Education?” (initial draft of competency "
           "education badges), May 27, 2013",
    description="What educators need to know and be able to do to implement competency education, as nine "
                "badge domains with the key questions under each. Rated on the badge scale: Explorer (1), "
                "Novice (2), Experienced (3), Expert (4).",
    domains=(
        _badge("EDU.1", "Engagement and Communication",
               "I can engage my community in competency education and communicate about it.",
               _question("EDU.1.1", "What is competency education?",
                         "I can explain what competency education is.", kind="knowledge"),
               _question("EDU.1.2", "Why is it important?",
                         "I can explain why competency education matters for students.", kind="knowledge"),
               _question("EDU.1.3", "How to engage educators, students, families, and broader communication?",
                         "I can engage educators, students, families and the wider community."),
               _question("EDU.1.4", "How to create an engagement plan?", "I can create an engagement plan.")),
        _badge("EDU.2", "Designing for Personalization and Proficiency",
               "I can design learning that is personalized and based on proficiency.",
               _question("EDU.2.1", "How to create student voice and choice?",
                         "I can create opportunities for student voice and choice."),
               _question("EDU.2.2", "How can we personalize education so students get what they need?",
                         "I can personalize learning so each student gets what they need."),
               _question("EDU.2.3", "What do we need to do to support the concept that students advance upon "
                         "mastery?", "I can put in place what students need to advance upon mastery.")),
        _badge("EDU.3", "Creating an Infrastructure for Learning",
               "I can build the frameworks, assessments and feedback that learning rests on.",
               _question("EDU.3.1", "How do we design competency frameworks and rubrics?",
                         "I can design competency frameworks and rubrics."),
               _question("EDU.3.2", "What is our system of assessments?",
                         "I can describe and use our system of assessments."),
               _question("EDU.3.3", "How do we calibrate to ensure alignment and rigor?",
                         "I can calibrate with colleagues to ensure alignment and rigor."),
               _question("EDU.3.4", "What needs to be in place to support deeper learning and demonstration of "
                         "competencies?", "I can set up what deeper learning and demonstrations of "
                         "competency need."),
               _question("EDU.3.5", "How can we provide feedback on progress that is meaningful to students, "
                         "parents and higher education?", "I can give feedback on progress that is meaningful "
                         "to students, parents and higher education.")),
        _badge("EDU.4", "Delivery and Operations",
               "I can run instruction and schedules so students progress at their own pace.",
               _question("EDU.4.1", "How will you know where students are on their learning progression?",
                         "I can tell where each student is on their learning progression."),
               _question("EDU.4.2", "How will you ensure that students are able to get instructional support "
                         "based on their learning progression, especially when there is wide variation of "
                         "skills across students?", "I can make sure students get instructional support based "
                         "on their progression, even with wide variation of skills."),
               _question("EDU.4.3", "How will day, week, courses, semesters, and annual schedules be designed to "
                         "support students to stay on pace and advance upon mastery?", "I can design schedules "
                         "that help students stay on pace and advance upon mastery.")),
        _badge("EDU.5", "Anytime/Anywhere Supports and Opportunities",
               "I can open learning and support beyond the classroom and the school day.",
               _question("EDU.5.1", "How can you structure expanded learning opportunities for students to learn "
                         "and apply knowledge and skills?", "I can structure expanded learning opportunities "
                         "where students learn and apply knowledge and skills."),
               _question("EDU.5.2", "What needs to be in place so that students get the supports they need when "
                         "they encounter material that is too challenging, or when they have gaps that are "
                         "creating barriers to learning?", "I can make sure students get support when material "
                         "is too challenging or gaps get in the way."),
               _question("EDU.5.3", "What role is online and blended learning going to play?",
                         "I can decide what role online and blended learning play."),
               _question("EDU.5.4", "What partnerships need to be established?",
                         "I can establish the partnerships students’ learning needs.")),
        _badge("EDU.6", "Continuous Improvement for Districts and Schools",
               "I can use transparent information and metrics to keep improving.",
               _question("EDU.6.1", "What is the essential information that needs to be transparent to students "
                         "and families?", "I can decide what information must be transparent to students and "
                         "families."),
               _question("EDU.6.2", "How can resources be deployed to best support personalized, competency-based "
                         "schools?", "I can deploy resources to best support a personalized, competency-based "
                         "school."),
               _question("EDU.6.3", "What are meaningful metrics to support continuous improvement?",
                         "I can choose meaningful metrics for continuous improvement.")),
        _badge("EDU.7", "Supporting Educators", "I can support educators through the transition.",
               _question("EDU.7.1", "How does classroom management change in a personalized, competency-based "
                         "classroom?", "I can manage a personalized, competency-based classroom."),
               _question("EDU.7.2", "What are the skills and supports teachers need to make the transition?",
                         "I can name and provide the skills and supports teachers need for the transition."),
               _question("EDU.7.3", "How can we design an effective feedback/evaluation system for educators?",
                         "I can design an effective feedback and evaluation system for educators."),
               _question("EDU.7.4", "What are the changes needed in other parts of the education system to fully "
                         "prepare and support educators?", "I can identify changes needed elsewhere in the "
                         "system to prepare and support educators.")),
        _badge("EDU.8", "Information Technology",
               "I can use information systems to support students and teachers.",
               _question("EDU.8.1", "What is the information that you need to support students and teachers?",
                         "I can identify the information needed to support students and teachers."),
               _question("EDU.8.2", "How will you use this information?",
                         "I can use that information to act."),
               _question("EDU.8.3", "What are the systems you will need?",
                         "I can choose the systems we will need.")),
        _badge("EDU.9", "Adaptive Leadership and Change Management", "I can lead change and adapt as we learn.",
               _question("EDU.9.1", "How can you create innovative space for others and for yourself?",
                         "I can create space for innovation for others and for myself."),
               _question("EDU.9.2", "What skills do you need to develop for your own personal mastery given your "
                         "role?", "I can name and develop the skills my role needs for personal mastery."),
               _question("EDU.9.3", "What are techniques for managing change so that key stakeholders can "
                         "provide feedback and mid-course corrections can be made quickly?", "I can manage "
                         "change so stakeholders give feedback and we correct course quickly.")),
    ),
)
