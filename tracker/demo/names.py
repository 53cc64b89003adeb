"""Names for the demo school: a mix a US public school would recognise."""
GIVEN_NAMES = [
    "Maya", "Liam", "Sofia", "Noah", "Aaliyah", "Mateo", "Zoe", "Ethan", "Priya", "Lucas",
    "Amara", "Diego", "Chloe", "Malik", "Hana", "Owen", "Isabella", "Jayden", "Fatima", "Elijah",
    "Mei", "Gabriel", "Nia", "Samuel", "Ava", "Tariq", "Lily", "Andrés", "Grace", "Kai",
    "Valentina", "Isaiah", "Emma", "Omar", "Layla", "Caleb", "Ximena", "Julian", "Aisha", "Leo",
    "Camila", "Darius", "Harper", "Yusuf", "Olivia", "Mason", "Keiko", "Adrian", "Zara", "Henry",
    "Lucía", "Xavier", "Naomi", "Ezra", "Imani", "Rowan", "Ananya", "Miles", "Elena", "Jamal",
]
FAMILY_NAMES = [
    "Hernández", "Johnson", "Nguyen", "Smith", "Patel", "Williams", "García", "Brown", "Kim", "Davis",
    "Okafor", "Martínez", "Chen", "Wilson", "Rodríguez", "Anderson", "Ali", "Thomas", "López", "Jackson",
    "Tanaka", "White", "González", "Harris", "Khan", "Martin", "Pérez", "Thompson", "Singh", "Moore",
    "Ramírez", "Clark", "Huang", "Lewis", "Flores", "Walker", "Mensah", "Young", "Cruz", "Allen",
    "Yamamoto", "King", "Morales", "Wright", "Ibrahim", "Scott", "Reyes", "Green", "Park", "Baker",
]
GUARDIAN_GIVEN_NAMES = [
    "Carmen", "David", "Linh", "Michael", "Anjali", "Robert", "Rosa", "James", "Soo-jin", "Patricia",
    "Chinedu", "Elena", "Wei", "Jennifer", "Miguel", "Karen", "Hassan", "Angela", "Jorge", "Monique",
    "Hiroshi", "Laura", "Alejandra", "Brian", "Sana", "Kevin", "Beatriz", "Denise", "Ravi", "Sarah",
]
