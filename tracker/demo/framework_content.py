"""The demo school's frameworks as data: codes, statements, "I can" statements, rubrics, paths.

Statements are written for this demo in the style of state standards; the educator framework
follows seed 003 (CompetencyWorks' draft educator competencies, 2013) question by question.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    code: str
    statement: str
    i_can: str
    children: tuple["Item", ...] = ()
    kind: str = "knowledge"
    depth: str | None = None
    item_type: str | None = None
    rollup: str = "none"
    points_needed: int | None = None
    points: int = 1
    rubric: tuple[str, ...] = ()  # one descriptor per scale level, 1 to 4
    cross_cutting: bool = False


@dataclass(frozen=True)
class FrameworkSpec:
    slug: str
    title: str
    subject: str
    source: str
    description: str
    domains: tuple[Item, ...]
    version: str = "2026"
    extra: dict = field(default_factory=dict)


def domain(code, statement, i_can, *children, rollup="none", kind="knowledge"):
    return Item(code, statement, i_can, children=children, item_type="Domain", rollup=rollup, kind=kind)


def standard(code, statement, i_can, *targets, depth="skill_concept", rollup=None, points_needed=None,
             rubric=(), kind="knowledge"):
    return Item(code, statement, i_can, children=targets, depth=depth, item_type="Standard",
                rollup=rollup or ("all" if targets else "none"), points_needed=points_needed,
                rubric=rubric, kind=kind)


def target(code, statement, i_can, points=1, depth="skill_concept", kind="knowledge"):
    return Item(code, statement, i_can, depth=depth, item_type="Learning target", points=points, kind=kind)


MATH = FrameworkSpec(
    slug="math-6",
    title="Middle School Mathematics: Grade 6",
    subject="Mathematics",
    source="Riverside district grade 6 mathematics competencies (adapted from state standards)",
    description="Grade 6 mathematics as competencies: ratios, the number system, expressions and "
                "equations, geometry, and statistics. Learners move on when they show mastery.",
    domains=(
        domain("MATH.6.RP", "Ratios and Proportional Relationships",
               "I can use ratios and rates to describe and solve problems.",
               standard("MATH.6.RP.1",
                        "Understand the concept of a ratio and use ratio language to describe a ratio "
                        "relationship between two quantities.",
                        "I can describe how two quantities compare using ratio language, like “3 to 2”.",
                        rubric=(
                            "Names the two quantities but mixes up their order or uses addition to compare them.",
                            "Writes a ratio for a simple situation; needs prompting to explain what it means.",
                            "Writes and explains ratios for a situation in words, with a colon and as a table entry.",
                            "Chooses between part-to-part and part-to-whole ratios and explains why one fits better.",
                        )),
               standard("MATH.6.RP.2",
                        "Understand the concept of a unit rate a/b associated with a ratio a:b with b ≠ 0, and "
                        "use rate language in the context of a ratio relationship.",
                        "I can find a unit rate and explain what it means, like “$2 per pound”."),
               standard("MATH.6.RP.3",
                        "Use ratio and rate reasoning to solve real-world and mathematical problems.",
                        "I can use ratios and rates to solve real-world problems.",
                        target("MATH.6.RP.3.a",
                               "Make tables of equivalent ratios, find missing values, plot the pairs on the "
                               "coordinate plane, and use tables to compare ratios.",
                               "I can build a table of equivalent ratios and use it to compare."),
                        target("MATH.6.RP.3.b",
                               "Solve unit rate problems, including those involving unit pricing and constant speed.",
                               "I can solve problems about unit prices and constant speed."),
                        target("MATH.6.RP.3.c",
                               "Find a percent of a quantity as a rate per 100, and find the whole given a part "
                               "and the percent.",
                               "I can find a percent of a number, and find the whole from a part and a percent."),
                        target("MATH.6.RP.3.d",
                               "Use ratio reasoning to convert measurement units, transforming units appropriately "
                               "when multiplying or dividing quantities.",
                               "I can convert between units of measurement using ratios."),
                        depth="strategic_thinking"),
               rollup="all"),
        domain("MATH.6.NS", "The Number System",
               "I can compute fluently with fractions and decimals and work with negative numbers.",
               standard("MATH.6.NS.1",
                        "Interpret and compute quotients of fractions, and solve word problems involving "
                        "division of fractions by fractions.",
                        "I can divide a fraction by a fraction and explain what the answer means in a story.",
                        rubric=(
                            "Attempts the division but inverts the wrong fraction or cannot start a word problem.",
                            "Computes quotients correctly; explains the meaning with help from a model.",
                            "Computes quotients and uses a visual model or equation to explain them in context.",
                            "Writes own word problems for a quotient and connects several models to the algorithm.",
                        )),
               standard("MATH.6.NS.2", "Fluently divide multi-digit numbers using the standard algorithm.",
                        "I can divide multi-digit numbers quickly and accurately.", depth="recall",
                        kind="skill"),
               standard("MATH.6.NS.3",
                        "Fluently add, subtract, multiply and divide multi-digit decimals using the standard "
                        "algorithm for each operation.",
                        "I can add, subtract, multiply and divide decimals accurately.", depth="recall",
                        kind="skill"),
               standard("MATH.6.NS.4",
                        "Find the greatest common factor and least common multiple of two whole numbers, and use "
                        "the distributive property to express a sum of two whole numbers with a common factor.",
                        "I can find common factors and multiples and use them to rewrite sums."),
               standard("MATH.6.NS.5",
                        "Understand that positive and negative numbers describe quantities having opposite "
                        "directions or values, and use them to represent quantities in real-world contexts.",
                        "I can use positive and negative numbers to describe things like temperature, "
                        "elevation and money."),
               standard("MATH.6.NS.6",
                        "Understand a rational number as a point on the number line, and extend number line "
                        "diagrams and coordinate axes to represent points with negative coordinates.",
                        "I can place positive and negative numbers on a number line and on a coordinate plane.",
                        target("MATH.6.NS.6.a",
                               "Recognize opposite signs as locations on opposite sides of 0 on the number line, "
                               "and that the opposite of the opposite of a number is the number itself.",
                               "I can find a number’s opposite on the number line."),
                        target("MATH.6.NS.6.b",
                               "Understand signs of coordinates as locations in quadrants, and recognize points "
                               "that are reflections across one or both axes.",
                               "I can tell which quadrant a point is in from the signs of its coordinates."),
                        target("MATH.6.NS.6.c",
                               "Find and position integers and other rational numbers on a horizontal or vertical "
                               "number line and pairs of them on a coordinate plane.",
                               "I can plot any rational number on a number line and any pair on a coordinate plane.",
                               points=2),
                        rollup="points", points_needed=3),
               standard("MATH.6.NS.7", "Understand ordering and absolute value of rational numbers.",
                        "I can order rational numbers and explain absolute value as distance from zero.",
                        target("MATH.6.NS.7.a",
                               "Interpret statements of inequality as statements about the relative position of "
                               "two numbers on a number line, and write and explain them in real-world contexts.",
                               "I can compare two numbers with < and > and explain what that means in a story."),
                        target("MATH.6.NS.7.b",
                               "Understand the absolute value of a rational number as its distance from 0 on the "
                               "number line and interpret it as magnitude in real-world situations.",
                               "I can explain absolute value as distance from zero, like the size of a debt.")),
               standard("MATH.6.NS.8",
                        "Solve real-world and mathematical problems by graphing points in all four quadrants, "
                        "including distances between points with the same first or second coordinate.",
                        "I can graph points in all four quadrants and find distances between them.",
                        depth="strategic_thinking")),
        domain("MATH.6.EE", "Expressions and Equations",
               "I can write, read and solve expressions and equations.",
               standard("MATH.6.EE.1", "Write and evaluate numerical expressions involving whole-number exponents.",
                        "I can write and evaluate expressions with exponents, like 2³.", depth="recall"),
               standard("MATH.6.EE.2", "Write, read and evaluate expressions in which letters stand for numbers.",
                        "I can write and evaluate expressions that use letters for numbers.",
                        target("MATH.6.EE.2.a",
                               "Write expressions that record operations with numbers and with letters standing "
                               "for numbers.",
                               "I can turn words like “5 less than y” into an expression."),
                        target("MATH.6.EE.2.b",
                               "Identify parts of an expression using the terms sum, term, product, factor, "
                               "quotient and coefficient.",
                               "I can name the parts of an expression."),
                        target("MATH.6.EE.2.c",
                               "Evaluate expressions at specific values of their variables, including formulas from "
                               "real-world problems, using the conventional order of operations.",
                               "I can evaluate an expression or formula when I know the values of its letters.")),
               standard("MATH.6.EE.3", "Apply the properties of operations to generate equivalent expressions.",
                        "I can use properties like the distributive property to write equivalent expressions."),
               standard("MATH.6.EE.4",
                        "Identify when two expressions are equivalent, that is, when they name the same number "
                        "whatever value is substituted into them.",
                        "I can tell whether two expressions are equivalent and explain why."),
               standard("MATH.6.EE.5",
                        "Understand solving an equation or inequality as finding the values that make it true, and "
                        "use substitution to decide whether a given number makes it true.",
                        "I can check whether a number makes an equation or inequality true."),
               standard("MATH.6.EE.6",
                        "Use variables to represent numbers and write expressions when solving a real-world or "
                        "mathematical problem.",
                        "I can use a letter for an unknown number when I solve a problem."),
               standard("MATH.6.EE.7",
                        "Solve real-world and mathematical problems by writing and solving equations of the form "
                        "x + p = q and px = q for non-negative rational numbers.",
                        "I can write and solve one-step equations for real-world problems.",
                        depth="strategic_thinking",
                        rubric=(
                            "Guesses and checks; cannot yet write an equation for the situation.",
                            "Solves given one-step equations; writes the equation for a problem with help.",
                            "Writes and solves one-step equations for a problem and checks the answer in context.",
                            "Compares equation models for the same problem and writes problems for an equation.",
                        )),
               standard("MATH.6.EE.8",
                        "Write an inequality of the form x > c or x < c to represent a constraint or condition, "
                        "and represent its solutions on a number line diagram.",
                        "I can write an inequality for a limit, like “at least 12”, and show it on a number line."),
               standard("MATH.6.EE.9",
                        "Use variables to represent two quantities that change in relationship to one another, and "
                        "analyze the relationship between the dependent and independent variables using graphs, "
                        "tables and equations.",
                        "I can show how one quantity depends on another with a table, a graph and an equation.",
                        depth="extended_thinking")),
        domain("MATH.6.G", "Geometry", "I can find area, surface area and volume.",
               standard("MATH.6.G.1",
                        "Find the area of right triangles, other triangles, special quadrilaterals and polygons by "
                        "composing into rectangles or decomposing into triangles and other shapes.",
                        "I can find the area of triangles and other polygons by breaking them into shapes I know."),
               standard("MATH.6.G.2",
                        "Find the volume of a right rectangular prism with fractional edge lengths by packing it "
                        "with unit cubes and by applying the formulas V = l w h and V = b h.",
                        "I can find the volume of a box, even when its edges are fractions."),
               standard("MATH.6.G.3",
                        "Draw polygons in the coordinate plane given coordinates for the vertices, and use "
                        "coordinates to find the length of a side joining points with a shared coordinate.",
                        "I can draw shapes on a coordinate plane and find the lengths of their sides."),
               standard("MATH.6.G.4",
                        "Represent three-dimensional figures using nets made up of rectangles and triangles, and "
                        "use the nets to find the surface area of these figures.",
                        "I can use a net to find the surface area of a 3-D shape.")),
        domain("MATH.6.SP", "Statistics and Probability",
               "I can ask statistical questions and describe data.",
               standard("MATH.6.SP.1",
                        "Recognize a statistical question as one that anticipates variability in the data related "
                        "to the question and accounts for it in the answers.",
                        "I can tell a statistical question from one with a single answer."),
               standard("MATH.6.SP.2",
                        "Understand that a set of data collected to answer a statistical question has a "
                        "distribution that can be described by its center, spread and overall shape.",
                        "I can describe the center, spread and shape of a set of data."),
               standard("MATH.6.SP.3",
                        "Recognize that a measure of center summarizes all of a data set's values with a single "
                        "number, while a measure of variation describes how its values vary with a single number.",
                        "I can explain what mean, median and range tell me about data."),
               standard("MATH.6.SP.4",
                        "Display numerical data in plots on a number line, including dot plots, histograms and "
                        "box plots.",
                        "I can show data in a dot plot, a histogram or a box plot."),
               standard("MATH.6.SP.5",
                        "Summarize numerical data sets in relation to their context, including the number of "
                        "observations, measures of center and variability, and striking deviations.",
                        "I can summarize a data set and explain what it says about the situation.",
                        depth="extended_thinking",
                        rubric=(
                            "Reports a single number (such as the mean) without connecting it to the question.",
                            "Reports center and spread; connects them to the context with prompting.",
                            "Chooses suitable measures, explains them in context and notes unusual values.",
                            "Argues which measure best answers the question and how outliers change the story.",
                        ))),
    ),
)

# The 24-step grade 6 path: (code, codes it needs first). A DAG, not a chain: several steps
# are open at the start, and later steps draw on more than one strand.
MATH_PATH = (
    ("MATH.6.RP.1", ()),
    ("MATH.6.RP.2", ("MATH.6.RP.1",)),
    ("MATH.6.NS.2", ()),
    ("MATH.6.NS.3", ("MATH.6.NS.2",)),
    ("MATH.6.NS.1", ()),
    ("MATH.6.RP.3", ("MATH.6.RP.2", "MATH.6.NS.3")),
    ("MATH.6.NS.5", ()),
    ("MATH.6.NS.6", ("MATH.6.NS.5",)),
    ("MATH.6.NS.7", ("MATH.6.NS.6",)),
    ("MATH.6.NS.8", ("MATH.6.NS.6",)),
    ("MATH.6.EE.1", ("MATH.6.NS.3",)),
    ("MATH.6.EE.2", ("MATH.6.EE.1",)),
    ("MATH.6.EE.3", ("MATH.6.EE.2",)),
    ("MATH.6.EE.5", ("MATH.6.EE.2",)),
    ("MATH.6.EE.7", ("MATH.6.EE.5", "MATH.6.NS.1")),
    ("MATH.6.EE.9", ("MATH.6.EE.7", "MATH.6.RP.3", "MATH.6.NS.8")),
    ("MATH.6.G.1", ("MATH.6.EE.2",)),
    ("MATH.6.G.2", ("MATH.6.G.1", "MATH.6.NS.1")),
    ("MATH.6.G.3", ("MATH.6.NS.8", "MATH.6.G.1")),
    ("MATH.6.G.4", ("MATH.6.G.1",)),
    ("MATH.6.SP.1", ()),
    ("MATH.6.SP.3", ("MATH.6.SP.1", "MATH.6.NS.3")),
    ("MATH.6.SP.4", ("MATH.6.SP.3", "MATH.6.NS.7")),
    ("MATH.6.SP.5", ("MATH.6.SP.4", "MATH.6.RP.3")),
)

# Learners (by index in the demo roster) placed mid-way on the math path, with the reason.
MATH_MIDWAY = {
    7: (4, "August diagnostic: ratio language, unit rates and multi-digit division are secure. "
           "Starting at decimal operations."),
    31: (7, "Diagnostic and last year's portfolio show ratios and fraction division are secure; "
            "starting at positive and negative numbers."),
    58: (3, "Showed ratio and unit rate reasoning in the summer bridge program."),
    83: (11, "Transferred from a school using the same standards; records show steps 1 to 10 mastered "
             "there. Starting at exponents; will revisit gaps if any appear."),
    96: (7, "Placement task in week 1: strong number sense with fractions and decimals."),
    112: (12, "Grade 7 learner returning to grade 6 expressions after a conversation with family: "
              "steps 1 to 11 secure on the diagnostic."),
    127: (5, "Diagnostic: decimals secure; fraction division still to learn, so starting there."),
    141: (7, "Completed an online summer course on ratios and decimals; checked with a short task."),
}


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

# The 10-step reading and writing path with a target date for each step in the fall term.
ELA_PATH = (
    ("ELA.6.RL.1", (), "2026-09-04"),
    ("ELA.6.RI.1", (), "2026-09-18"),
    ("ELA.6.RL.2", ("ELA.6.RL.1",), "2026-10-02"),
    ("ELA.6.RI.2", ("ELA.6.RI.1",), "2026-10-16"),
    ("ELA.6.SL.1", (), "2026-10-30"),
    ("ELA.6.W.2", ("ELA.6.RI.2",), "2026-11-13"),
    ("ELA.6.RI.8", ("ELA.6.RI.2",), "2026-12-04"),
    ("ELA.6.W.1", ("ELA.6.RI.8", "ELA.6.W.2"), "2026-12-18"),
    ("ELA.6.W.5", ("ELA.6.W.2",), "2027-01-08"),
    ("ELA.6.SL.4", ("ELA.6.W.1", "ELA.6.SL.1"), "2027-01-15"),
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
