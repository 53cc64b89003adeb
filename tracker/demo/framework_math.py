"""The demo school's grade 6 mathematics framework as data, with its 24-step path and the learners
placed mid-way on it. Statements are written for this demo in the style of state standards."""
from .framework_spec import FrameworkSpec, domain, standard, target


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
