"""Spanish translations of the demo content a Spanish-speaking family reads (Lucía Hernández reads
Maya's pages in Spanish): the mathematics framework's statements, "I can" words and rubric
descriptors, the standard scale's levels, and the titles of the frameworks and paths. Reading and
writing and the habits of work are in content_es_subjects.py."""

FRAMEWORK_TITLES = {
    "Middle School Mathematics: Grade 6": "Matemáticas de secundaria: 6.º grado",
    "English Language Arts: Grade 6": "Lengua inglesa: 6.º grado",
    "Habits of Work and Learning": "Hábitos de trabajo y aprendizaje",
    "Grade 6 Reading and Writing": "Lectura y escritura de 6.º grado",
}
PROGRESSION_TITLES = {
    "Grade 6 Mathematics Pathway": "Camino de matemáticas de 6.º grado",
    "Grade 6 Reading and Writing": "Lectura y escritura de 6.º grado",
}
SCALE_LEVELS = {  # standard scale: number -> (label, descriptor)
    1: ("Inicial", "Empezando: muestra algo de comprensión con mucha ayuda."),
    2: ("En desarrollo", "En camino: muestra las ideas clave con algo de ayuda; quedan algunas lagunas."),
    3: ("Competente", "Lo logra: muestra la competencia por su cuenta y con precisión (dominio)."),
    4: ("Avanzado", "Va más allá: aplica o amplía la competencia en situaciones nuevas."),
}

# code -> (statement, "I can" statement)
MATH = {
    "MATH.6.RP": ("Razones y relaciones proporcionales",
                  "Puedo usar razones y tasas para describir y resolver problemas."),
    "MATH.6.RP.1": ("Comprender el concepto de razón y usar el lenguaje de las razones para describir la relación "
                    "entre dos cantidades.",
                    "Puedo describir cómo se comparan dos cantidades con el lenguaje de las razones, como “3 a 2”."),
    "MATH.6.RP.2": ("Comprender el concepto de tasa unitaria a/b asociada a una razón a:b con b ≠ 0 y usar el "
                    "lenguaje de las tasas en el contexto de una razón.",
                    "Puedo hallar una tasa unitaria y explicar qué significa, como “2 $ por libra”."),
    "MATH.6.RP.3": ("Usar el razonamiento con razones y tasas para resolver problemas matemáticos y de la vida real.",
                    "Puedo usar razones y tasas para resolver problemas de la vida real."),
    "MATH.6.RP.3.a": ("Hacer tablas de razones equivalentes, hallar valores que faltan, representar los pares en el "
                      "plano de coordenadas y usar tablas para comparar razones.",
                      "Puedo construir una tabla de razones equivalentes y usarla para comparar."),
    "MATH.6.RP.3.b": ("Resolver problemas de tasa unitaria, incluidos los de precio por unidad y velocidad constante.",
                      "Puedo resolver problemas de precios por unidad y de velocidad constante."),
    "MATH.6.RP.3.c": ("Hallar un porcentaje de una cantidad como una tasa por 100, y hallar el total dados una parte "
                      "y el porcentaje.",
                      "Puedo hallar el porcentaje de un número, y el total a partir de una parte y un porcentaje."),
    "MATH.6.RP.3.d": ("Usar el razonamiento con razones para convertir unidades de medida, transformando las unidades "
                      "al multiplicar o dividir cantidades.",
                      "Puedo convertir unidades de medida usando razones."),
    "MATH.6.NS": ("El sistema numérico",
                  "Puedo calcular con fluidez con fracciones y decimales y trabajar con números negativos."),
    "MATH.6.NS.1": ("Interpretar y calcular cocientes de fracciones, y resolver problemas de división de fracciones "
                    "entre fracciones.",
                    "Puedo dividir una fracción entre otra y explicar qué significa el resultado en una historia."),
    "MATH.6.NS.2": ("Dividir con fluidez números de varias cifras con el algoritmo usual.",
                    "Puedo dividir números de varias cifras con rapidez y precisión."),
    "MATH.6.NS.3": ("Sumar, restar, multiplicar y dividir con fluidez decimales de varias cifras con el algoritmo "
                    "usual de cada operación.",
                    "Puedo sumar, restar, multiplicar y dividir decimales con precisión."),
    "MATH.6.NS.4": ("Hallar el máximo común divisor y el mínimo común múltiplo de dos números enteros, y usar la "
                    "propiedad distributiva para expresar una suma de dos enteros con un factor común.",
                    "Puedo hallar divisores y múltiplos comunes y usarlos para reescribir sumas."),
    "MATH.6.NS.5": ("Comprender que los números positivos y negativos describen cantidades de sentido o valor "
                    "opuesto, y usarlos para representar cantidades en contextos reales.",
                    "Puedo usar números positivos y negativos para describir cosas como la temperatura, la altitud "
                    "y el dinero."),
    "MATH.6.NS.6": ("Comprender un número racional como un punto de la recta numérica, y ampliar la recta y los ejes "
                    "de coordenadas para representar puntos con coordenadas negativas.",
                    "Puedo situar números positivos y negativos en una recta numérica y en un plano de coordenadas."),
    "MATH.6.NS.6.a": ("Reconocer los signos opuestos como posiciones a lados opuestos del 0 en la recta numérica, y "
                      "que el opuesto del opuesto de un número es el propio número.",
                      "Puedo hallar el opuesto de un número en la recta numérica."),
    "MATH.6.NS.6.b": ("Comprender los signos de las coordenadas como posiciones en los cuadrantes, y reconocer puntos "
                      "que son reflejos respecto de uno o de ambos ejes.",
                      "Puedo decir en qué cuadrante está un punto por los signos de sus coordenadas."),
    "MATH.6.NS.6.c": ("Hallar y situar enteros y otros números racionales en una recta numérica horizontal o vertical, "
                      "y pares de ellos en un plano de coordenadas.",
                      "Puedo situar cualquier número racional en una recta numérica y cualquier par en un plano de "
                      "coordenadas."),
    "MATH.6.NS.7": ("Comprender el orden y el valor absoluto de los números racionales.",
                    "Puedo ordenar números racionales y explicar el valor absoluto como la distancia al cero."),
    "MATH.6.NS.7.a": ("Interpretar las desigualdades como afirmaciones sobre la posición relativa de dos números en la "
                      "recta numérica, y escribirlas y explicarlas en contextos reales.",
                      "Puedo comparar dos números con < y > y explicar qué significa en una historia."),
    "MATH.6.NS.7.b": ("Comprender el valor absoluto de un número racional como su distancia al 0 en la recta numérica "
                      "e interpretarlo como magnitud en situaciones reales.",
                      "Puedo explicar el valor absoluto como la distancia al cero, como el tamaño de una deuda."),
    "MATH.6.NS.8": ("Resolver problemas matemáticos y de la vida real representando puntos en los cuatro cuadrantes, "
                    "incluidas distancias entre puntos con la misma primera o segunda coordenada.",
                    "Puedo representar puntos en los cuatro cuadrantes y hallar las distancias entre ellos."),
    "MATH.6.EE": ("Expresiones y ecuaciones", "Puedo escribir, leer y resolver expresiones y ecuaciones."),
    "MATH.6.EE.1": ("Escribir y evaluar expresiones numéricas con exponentes enteros.",
                    "Puedo escribir y evaluar expresiones con exponentes, como 2³."),
    "MATH.6.EE.2": ("Escribir, leer y evaluar expresiones en las que las letras representan números.",
                    "Puedo escribir y evaluar expresiones que usan letras en lugar de números."),
    "MATH.6.EE.2.a": ("Escribir expresiones que recogen operaciones con números y con letras que representan números.",
                      "Puedo convertir palabras como “5 menos que y” en una expresión."),
    "MATH.6.EE.2.b": ("Identificar las partes de una expresión con los términos suma, término, producto, factor, "
                      "cociente y coeficiente.",
                      "Puedo nombrar las partes de una expresión."),
    "MATH.6.EE.2.c": ("Evaluar expresiones para valores concretos de sus variables, incluidas fórmulas de problemas "
                      "reales, con el orden habitual de las operaciones.",
                      "Puedo evaluar una expresión o una fórmula cuando conozco los valores de sus letras."),
    "MATH.6.EE.3": ("Aplicar las propiedades de las operaciones para generar expresiones equivalentes.",
                    "Puedo usar propiedades como la distributiva para escribir expresiones equivalentes."),
    "MATH.6.EE.4": ("Identificar cuándo dos expresiones son equivalentes, es decir, cuándo dan el mismo número sea "
                    "cual sea el valor que se sustituya en ellas.",
                    "Puedo decir si dos expresiones son equivalentes y explicar por qué."),
    "MATH.6.EE.5": ("Comprender que resolver una ecuación o una desigualdad es hallar los valores que la hacen "
                    "verdadera, y usar la sustitución para decidir si un número dado la hace verdadera.",
                    "Puedo comprobar si un número hace verdadera una ecuación o una desigualdad."),
    "MATH.6.EE.6": ("Usar variables para representar números y escribir expresiones al resolver un problema "
                    "matemático o de la vida real.",
                    "Puedo usar una letra para un número desconocido cuando resuelvo un problema."),
    "MATH.6.EE.7": ("Resolver problemas matemáticos y de la vida real escribiendo y resolviendo ecuaciones de la forma "
                    "x + p = q y px = q para números racionales no negativos.",
                    "Puedo escribir y resolver ecuaciones de un paso para problemas de la vida real."),
    "MATH.6.EE.8": ("Escribir una desigualdad de la forma x > c o x < c para representar una condición, y representar "
                    "sus soluciones en una recta numérica.",
                    "Puedo escribir una desigualdad para un límite, como “al menos 12”, y mostrarla en una recta "
                    "numérica."),
    "MATH.6.EE.9": ("Usar variables para representar dos cantidades que cambian una en relación con la otra, y "
                    "analizar la relación entre la variable dependiente y la independiente con gráficas, tablas y "
                    "ecuaciones.",
                    "Puedo mostrar cómo una cantidad depende de otra con una tabla, una gráfica y una ecuación."),
    "MATH.6.G": ("Geometría", "Puedo hallar áreas, áreas de superficie y volúmenes."),
    "MATH.6.G.1": ("Hallar el área de triángulos rectángulos, otros triángulos, cuadriláteros especiales y polígonos "
                   "componiéndolos en rectángulos o descomponiéndolos en triángulos y otras figuras.",
                   "Puedo hallar el área de triángulos y otros polígonos dividiéndolos en figuras que conozco."),
    "MATH.6.G.2": ("Hallar el volumen de un prisma rectangular recto con aristas fraccionarias llenándolo de cubos "
                   "unidad y aplicando las fórmulas V = l a h y V = b h.",
                   "Puedo hallar el volumen de una caja, incluso cuando sus aristas son fracciones."),
    "MATH.6.G.3": ("Dibujar polígonos en el plano de coordenadas dadas las coordenadas de sus vértices, y usar las "
                   "coordenadas para hallar la longitud de un lado que une puntos con una coordenada común.",
                   "Puedo dibujar figuras en un plano de coordenadas y hallar las longitudes de sus lados."),
    "MATH.6.G.4": ("Representar figuras tridimensionales con desarrollos planos formados por rectángulos y triángulos, "
                   "y usarlos para hallar el área de superficie de esas figuras.",
                   "Puedo usar un desarrollo plano para hallar el área de superficie de una figura 3D."),
    "MATH.6.SP": ("Estadística y probabilidad", "Puedo hacer preguntas estadísticas y describir datos."),
    "MATH.6.SP.1": ("Reconocer una pregunta estadística como la que prevé variabilidad en los datos y la tiene en "
                    "cuenta en las respuestas.",
                    "Puedo distinguir una pregunta estadística de una que tiene una sola respuesta."),
    "MATH.6.SP.2": ("Comprender que un conjunto de datos reunido para responder a una pregunta estadística tiene una "
                    "distribución que se describe por su centro, su dispersión y su forma general.",
                    "Puedo describir el centro, la dispersión y la forma de un conjunto de datos."),
    "MATH.6.SP.3": ("Reconocer que una medida de centro resume todos los valores de un conjunto de datos con un solo "
                    "número, mientras que una medida de variación describe con un solo número cómo varían.",
                    "Puedo explicar qué me dicen la media, la mediana y el rango sobre los datos."),
    "MATH.6.SP.4": ("Representar datos numéricos en gráficos sobre una recta numérica, como diagramas de puntos, "
                    "histogramas y diagramas de caja.",
                    "Puedo mostrar datos en un diagrama de puntos, un histograma o un diagrama de caja."),
    "MATH.6.SP.5": ("Resumir conjuntos de datos numéricos en relación con su contexto, incluido el número de "
                    "observaciones, las medidas de centro y de variabilidad, y las desviaciones llamativas.",
                    "Puedo resumir un conjunto de datos y explicar qué dice sobre la situación."),
}

# code -> the rubric's four descriptors, levels 1 to 4
RUBRICS = {
    "MATH.6.RP.1": (
        "Nombra las dos cantidades, pero confunde su orden o usa la suma para compararlas.",
        "Escribe una razón para una situación sencilla; necesita ayuda para explicar qué significa.",
        "Escribe y explica razones para una situación con palabras, con dos puntos y como entrada de una tabla.",
        "Elige entre razones parte-parte y parte-todo y explica por qué una encaja mejor.",
    ),
    "MATH.6.NS.1": (
        "Intenta la división, pero invierte la fracción equivocada o no sabe empezar un problema.",
        "Calcula cocientes correctamente; explica su significado con ayuda de un modelo.",
        "Calcula cocientes y usa un modelo visual o una ecuación para explicarlos en contexto.",
        "Escribe sus propios problemas para un cociente y relaciona varios modelos con el algoritmo.",
    ),
    "MATH.6.EE.7": (
        "Prueba y comprueba; todavía no sabe escribir una ecuación para la situación.",
        "Resuelve ecuaciones de un paso dadas; escribe la ecuación de un problema con ayuda.",
        "Escribe y resuelve ecuaciones de un paso para un problema y comprueba la respuesta en contexto.",
        "Compara modelos de ecuación para un mismo problema y escribe problemas para una ecuación.",
    ),
    "MATH.6.SP.5": (
        "Da un solo número (como la media) sin relacionarlo con la pregunta.",
        "Da el centro y la dispersión; los relaciona con el contexto cuando se le pide.",
        "Elige medidas adecuadas, las explica en contexto y señala los valores inusuales.",
        "Argumenta qué medida responde mejor a la pregunta y cómo cambian la historia los valores atípicos.",
    ),
}

# The rubrics of demo/rubrics.py, in the same order (level 1 to 4).
RUBRICS.update({
    "MATH.6.RP.2": ("Halla una tasa con ayuda; confunde qué cantidad es «por unidad».",
                    "Halla tasas unitarias de razones sencillas; no siempre explica su significado.",
                    "Halla la tasa unitaria de cualquier razón y explica qué significa en el contexto.",
                    "Elige entre las dos tasas unitarias de una razón y argumenta cuál responde a la pregunta."),
    "MATH.6.NS.2": ("Divide con un modelo o con calculadora; el algoritmo usual todavía no es fiable.",
                    "Usa el algoritmo con algunos errores de valor posicional o de residuo.",
                    "Divide números de varias cifras con precisión con el algoritmo usual y comprueba multiplicando.",
                    "Divide con soltura, estima primero y explica cada paso del algoritmo."),
    "MATH.6.NS.3": ("Calcula con decimales solo con ayuda; coloca mal la coma decimal.",
                    "Suma y resta decimales con precisión; la multiplicación y la división aún fallan.",
                    "Suma, resta, multiplica y divide decimales con precisión y comprueba con una estimación.",
                    "Elige métodos eficientes y explica por qué la coma decimal queda donde queda."),
    "MATH.6.RP.3": ("Resuelve un problema de razones con un ejemplo resuelto al lado.",
                    "Usa una tabla o un diagrama para resolver problemas conocidos de razones y tasas.",
                    "Resuelve problemas reales de razones, tasas y porcentajes con una representación adecuada.",
                    "Resuelve problemas de varios pasos, compara métodos y juzga si la respuesta es razonable."),
    "MATH.6.NS.5": ("Nombra un número negativo en una situación conocida, con ayuda.",
                    "Usa números positivos y negativos para temperatura o dinero; el significado del cero no "
                    "está claro.",
                    "Usa números positivos y negativos para cantidades en contexto y explica qué significa el cero.",
                    "Explica direcciones y valores opuestos en contextos nuevos y los relaciona con la recta "
                    "numérica."),
    "MATH.6.NS.6": ("Ubica números enteros positivos en la recta numérica; los negativos necesitan ayuda.",
                    "Ubica enteros en la recta numérica; el plano de coordenadas aún no es seguro.",
                    "Ubica números racionales en la recta numérica y puntos en los cuatro cuadrantes.",
                    "Explica las reflexiones respecto de los ejes mediante los signos de las coordenadas."),
    "MATH.6.NS.7": ("Ordena números positivos; ordena los negativos por tamaño, no por posición.",
                    "Ordena enteros correctamente; confunde el valor absoluto con el opuesto.",
                    "Ordena números racionales y explica el valor absoluto como distancia al cero.",
                    "Interpreta el orden y el valor absoluto en situaciones reales, como deudas y altitudes."),
    "MATH.6.NS.8": ("Representa puntos solo en el primer cuadrante.",
                    "Representa puntos en todos los cuadrantes; cuenta las distancias cuadro a cuadro.",
                    "Resuelve problemas representando puntos y hallando distancias sobre una recta.",
                    "Usa coordenadas y valor absoluto para hallar distancias sin dibujar."),
    "MATH.6.EE.1": ("Lee un exponente como multiplicar por él (2³ como 6).",
                    "Calcula potencias de números naturales; el orden de las operaciones falla.",
                    "Escribe y calcula expresiones con exponentes naturales en el orden correcto.",
                    "Usa exponentes para describir crecimientos y explica el orden de las operaciones."),
    "MATH.6.EE.2": ("Sustituye una letra por un número con ayuda.",
                    "Calcula expresiones; escribir una expresión a partir de palabras necesita apoyo.",
                    "Escribe, lee y calcula expresiones con variables y nombra sus partes.",
                    "Escribe expresiones para situaciones reales y explica qué representa cada parte."),
    "MATH.6.EE.3": ("Aplica la propiedad distributiva solo a números.",
                    "Usa la propiedad distributiva con variables; agrupar términos semejantes falla.",
                    "Escribe expresiones equivalentes con las propiedades de las operaciones.",
                    "Explica por qué dos expresiones son equivalentes, con un modelo o un argumento."),
    "MATH.6.EE.5": ("Prueba números en una ecuación al azar.",
                    "Comprueba si un número dado hace verdadera una ecuación.",
                    "Usa la sustitución para decidir qué números hacen verdadera una ecuación o una desigualdad.",
                    "Describe todas las soluciones de una desigualdad y explica por qué son muchas."),
    "MATH.6.EE.9": ("Completa una tabla de una relación con ayuda.",
                    "Hace una tabla y una gráfica; la ecuación falta o no coincide.",
                    "Representa cómo una cantidad depende de otra con una tabla, una gráfica y una ecuación.",
                    "Relaciona las tres representaciones y explica cuál es más útil para una pregunta."),
    "MATH.6.G.1": ("Halla el área solo de rectángulos.",
                   "Halla el área de triángulos con la fórmula; las figuras compuestas necesitan ayuda.",
                   "Halla el área de triángulos y polígonos componiéndolos o descomponiéndolos.",
                   "Elige una descomposición eficiente y justifica la fórmula del triángulo."),
    "MATH.6.G.2": ("Cuenta cubos unidad para hallar el volumen.",
                   "Usa V = l × a × h con números naturales; las aristas fraccionarias fallan.",
                   "Halla el volumen de una caja con aristas fraccionarias y lo explica con cubos unidad.",
                   "Resuelve problemas de volumen en contexto y explica cómo encajan los cubos unidad."),
    "MATH.6.G.3": ("Representa vértices en el primer cuadrante.",
                   "Dibuja polígonos a partir de coordenadas; cuenta la longitud de los lados.",
                   "Dibuja polígonos en el plano de coordenadas y halla la longitud de los lados a partir de "
                   "las coordenadas.",
                   "Resuelve problemas de diseño con polígonos en el plano y explica el método."),
    "MATH.6.G.4": ("Reconoce el desarrollo plano de un cubo.",
                   "Dibuja desarrollos de prismas; al área total le falta una cara.",
                   "Usa desarrollos de rectángulos y triángulos para hallar el área total.",
                   "Resuelve problemas reales de área total y compara desarrollos del mismo cuerpo."),
    "MATH.6.SP.1": ("Hace preguntas con una sola respuesta.",
                    "Clasifica preguntas dadas en estadísticas y no estadísticas, con ayuda.",
                    "Distingue las preguntas estadísticas de las demás y explica la variabilidad que espera.",
                    "Escribe buenas preguntas estadísticas y planifica los datos necesarios para responderlas."),
    "MATH.6.SP.3": ("Halla la media o la mediana con ayuda.",
                    "Calcula media, mediana y rango; todavía no explica qué dicen.",
                    "Explica qué dicen las medidas de centro y de dispersión sobre un conjunto de datos.",
                    "Elige la medida que mejor describe los datos y defiende su elección."),
    "MATH.6.SP.4": ("Lee un diagrama de puntos hecho por otra persona.",
                    "Hace diagramas de puntos e histogramas; el diagrama de caja necesita ayuda.",
                    "Representa datos en diagramas de puntos, histogramas y diagramas de caja, con los ejes "
                    "rotulados.",
                    "Elige la representación que mejor muestra la forma de los datos y explica por qué."),
})
