"""Spanish for the demo's reading and writing and habits of work (as content_es.py is for
mathematics): statements, "I can" words and rubric descriptors, by code."""

ELA = {
    "ELA.6.RL": ("Lectura: literatura", "Puedo leer con atención cuentos, obras de teatro y poemas."),
    "ELA.6.RL.1": ("Citar evidencia del texto para apoyar el análisis de lo que el texto dice explícitamente y de "
                   "las inferencias que se hacen a partir de él.",
                   "Puedo citar el texto para respaldar lo que creo que dice."),
    "ELA.6.RL.2": ("Determinar el tema o la idea central de un texto y cómo se transmite mediante detalles "
                   "concretos; hacer un resumen sin opiniones ni juicios personales.",
                   "Puedo encontrar el tema de un cuento y resumirlo sin añadir mi opinión."),
    "ELA.6.RL.3": ("Describir cómo se desarrolla la trama de un cuento o de una obra de teatro en una serie de "
                   "episodios y cómo reaccionan o cambian los personajes a medida que la trama avanza hacia su "
                   "desenlace.",
                   "Puedo explicar cómo se desarrolla la trama y cómo cambian los personajes."),
    "ELA.6.RI": ("Lectura: textos informativos", "Puedo leer con atención artículos y otros textos de no ficción."),
    "ELA.6.RI.1": ("Citar evidencia del texto para apoyar el análisis de lo que un texto informativo dice "
                   "explícitamente y de las inferencias que se hacen a partir de él.",
                   "Puedo citar un artículo para respaldar lo que creo que dice."),
    "ELA.6.RI.2": ("Determinar la idea central de un texto y cómo se transmite mediante detalles concretos; hacer "
                   "un resumen sin opiniones ni juicios personales.",
                   "Puedo encontrar la idea central de un artículo y resumirla."),
    "ELA.6.RI.8": ("Seguir y evaluar el argumento y las afirmaciones de un texto, distinguiendo las afirmaciones "
                   "apoyadas por razones y evidencia de las que no lo están.",
                   "Puedo juzgar si las afirmaciones de un autor están respaldadas por razones y evidencia."),
    "ELA.6.W": ("Escritura", "Puedo escribir argumentos, explicaciones y relatos pensando en quien los lee."),
    "ELA.6.W.1": ("Escribir argumentos que apoyen afirmaciones con razones claras y evidencia pertinente.",
                  "Puedo escribir un argumento con razones claras y evidencia."),
    "ELA.6.W.1.a": ("Presentar las afirmaciones y organizar con claridad las razones y la evidencia.",
                    "Puedo plantear mi afirmación y ordenar mis razones."),
    "ELA.6.W.1.b": ("Apoyar las afirmaciones con razones claras y evidencia pertinente, usando fuentes fiables.",
                    "Puedo respaldar mi afirmación con evidencia de fuentes fiables."),
    "ELA.6.W.1.c": ("Ofrecer una conclusión que se desprenda del argumento presentado.",
                    "Puedo terminar mi argumento con una conclusión que se desprenda de él."),
    "ELA.6.W.2": ("Escribir textos informativos o explicativos para examinar un tema y comunicar ideas, conceptos "
                  "e información mediante la selección, la organización y el análisis de contenido pertinente.",
                  "Puedo escribir para explicar un tema con claridad y orden."),
    "ELA.6.W.3": ("Escribir narraciones sobre experiencias o hechos reales o imaginarios con técnicas eficaces, "
                  "detalles descriptivos pertinentes y secuencias de hechos bien estructuradas.",
                  "Puedo escribir un relato con detalles y una secuencia clara de hechos."),
    "ELA.6.W.5": ("Con la orientación y el apoyo de compañeros y adultos, desarrollar y mejorar la escritura "
                  "planificando, revisando, corrigiendo, reescribiendo o probando otro enfoque.",
                  "Puedo planificar, revisar y corregir mi escritura usando los comentarios que recibo."),
    "ELA.6.SL": ("Expresión oral y comprensión auditiva", "Puedo conversar sobre ideas y presentar lo que sé."),
    "ELA.6.SL.1": ("Participar con eficacia en conversaciones colaborativas, partiendo de las ideas de los demás y "
                   "expresando las propias con claridad.",
                   "Puedo participar en una conversación, partir de las ideas de otros y compartir las mías con "
                   "claridad."),
    "ELA.6.SL.4": ("Presentar afirmaciones y hallazgos ordenando las ideas con lógica y usando descripciones, datos "
                   "y detalles pertinentes para destacar las ideas principales o los temas.",
                   "Puedo presentar mis ideas en un orden lógico con datos y detalles."),
    "ELA.6.L": ("Lengua", "Puedo usar bien la gramática y el vocabulario del inglés."),
    "ELA.6.L.1": ("Dominar las convenciones de la gramática y el uso del inglés estándar al escribir o hablar.",
                  "Puedo usar una gramática correcta al escribir y al hablar."),
    "ELA.6.L.4": ("Determinar o aclarar el significado de palabras y expresiones desconocidas o con varios "
                  "significados, eligiendo con flexibilidad entre varias estrategias.",
                  "Puedo averiguar qué significan palabras nuevas usando el contexto y las partes de la palabra."),
}

HABITS = {
    "HOW.1": ("Persevera en las tareas difíciles, prueba nuevas estrategias cuando se atasca y aprende de los "
              "errores.", "Puedo seguir adelante cuando el trabajo es difícil y probar otra estrategia cuando me "
                          "atasco."),
    "HOW.2": ("Busca comentarios sobre su trabajo, reflexiona sobre ellos y los usa para mejorarlo.",
              "Puedo pedir comentarios y usarlos para mejorar mi trabajo."),
    "HOW.3": ("Contribuye al trabajo en grupo, escucha las ideas de los demás y ayuda al equipo a lograr su meta.",
              "Puedo hacer mi parte en un grupo, escuchar a los demás y ayudar al equipo a lograr su meta."),
    "HOW.4": ("Administra el tiempo y los materiales, lleva la cuenta de las fechas de entrega y planifica los "
              "pasos de una tarea.", "Puedo planificar mi tiempo y llevar la cuenta de mi trabajo y mis fechas de "
                                     "entrega."),
    "HOW.5": ("Termina su trabajo, cumple sus compromisos y se hace responsable de su aprendizaje.",
              "Puedo terminar mi trabajo, cumplir mis compromisos y hacerme cargo de mi aprendizaje."),
    "HOW.6": ("Reflexiona sobre su propio aprendizaje, nombra sus fortalezas y próximos pasos, y se fija metas.",
              "Puedo mirar atrás en mi aprendizaje, nombrar lo que hago bien y fijar mi próxima meta."),
}

RUBRICS = {
    "ELA.6.RL.1": (
        "Vuelve a contar los hechos; todavía no señala el texto.",
        "Señala un pasaje pertinente; la relación con la afirmación es poco precisa.",
        "Cita o parafrasea evidencia sólida y explica cómo apoya la afirmación.",
        "Compara varias evidencias y explica cuál es la más sólida y por qué.",
    ),
    "HOW.1": (
        "Se detiene cuando el trabajo se pone difícil; espera ayuda.",
        "Sigue adelante si se le anima; prueba otra forma.",
        "Sigue adelante por su cuenta y prueba varias estrategias antes de pedir ayuda.",
        "Busca problemas difíciles y ayuda a sus compañeros a encontrar estrategias.",
    ),
    "HOW.2": (
        "Lee los comentarios pero todavía no actúa según ellos.",
        "Hace los cambios que indican los comentarios cuando se le recuerda.",
        "Pide comentarios y revisa su trabajo con ellos sin que se lo recuerden.",
        "Hace preguntas concretas sobre los comentarios y da comentarios útiles a sus compañeros.",
    ),
    "ELA.6.RI.1": ("Vuelve a contar el artículo; todavía no señala el texto.",
                   "Señala una oración pertinente; la relación con la afirmación es poco precisa.",
                   "Cita o parafrasea evidencia sólida del artículo y explica cómo apoya la afirmación.",
                   "Compara varias evidencias y explica cuál es la más sólida y por qué."),
    "ELA.6.RL.2": ("Vuelve a contar el cuento; el tema es una palabra («la amistad»).",
                   "Enuncia un tema; el resumen incluye opiniones o detalles menores.",
                   "Enuncia el tema y cómo lo transmiten los detalles; el resumen deja fuera las opiniones.",
                   "Sigue cómo se desarrolla el tema a lo largo del cuento y lo compara con otro texto."),
    "ELA.6.RI.2": ("Enumera detalles del artículo sin una idea central.",
                   "Nombra una idea central; el resumen mezcla detalles pequeños u opiniones.",
                   "Enuncia la idea central, los detalles que la construyen y un resumen objetivo.",
                   "Explica cómo la estructura del artículo desarrolla su idea central."),
    "ELA.6.SL.1": ("Escucha; habla cuando se le pregunta.",
                   "Comparte ideas; responde a los demás solo a veces.",
                   "Se prepara, parte de las ideas de los demás y expresa las suyas con claridad.",
                   "Hace avanzar la conversación con preguntas y reúne las ideas del grupo."),
    "ELA.6.W.2": ("Escribe sobre un tema como una lista de datos.",
                  "Organiza las ideas en párrafos; falta la introducción o la conclusión.",
                  "Escribe una explicación clara y organizada con datos pertinentes y una conclusión.",
                  "Elige la estructura y el vocabulario según el lector y el tema."),
    "ELA.6.RI.8": ("Repite las afirmaciones del autor.",
                   "Identifica afirmaciones y algunas razones; todavía no juzga la evidencia.",
                   "Sigue el argumento y distingue las afirmaciones apoyadas de las que no lo están.",
                   "Evalúa la solidez de la evidencia y sugiere qué la haría más sólida."),
    "ELA.6.W.1": ("Da una opinión con una razón.",
                  "Plantea una afirmación con razones; la evidencia es escasa o no viene al caso.",
                  "Escribe un argumento con una afirmación clara, razones ordenadas, evidencia pertinente y una "
                  "conclusión.",
                  "Responde a un contraargumento y usa fuentes fiables para reforzar el argumento."),
    "ELA.6.W.5": ("Hace cambios solo cuando se le dice exactamente qué cambiar.",
                  "Revisa con los comentarios; las correcciones son sobre todo de ortografía.",
                  "Planifica, revisa y corrige con los comentarios, mejorando las ideas y la organización.",
                  "Prueba otro enfoque cuando un borrador no funciona y explica sus decisiones."),
    "ELA.6.SL.4": ("Presenta las ideas sin un orden claro.",
                   "Presenta en orden; hay pocos datos y detalles.",
                   "Presenta afirmaciones y hallazgos en un orden lógico con datos y detalles pertinentes.",
                   "Adapta la presentación al público y responde bien a las preguntas."),
    "HOW.3": ("Trabaja al lado del grupo más que con él.",
              "Hace una parte del trabajo cuando los roles están definidos.",
              "Hace su parte, escucha a los demás y ayuda al equipo a lograr su meta.",
              "Da voz a todos y ayuda al equipo a resolver desacuerdos."),
    "HOW.4": ("No cumple los plazos; a menudo le faltan materiales.",
              "Cumple los plazos con recordatorios; planifica solo con ayuda.",
              "Planifica los pasos de una tarea, administra el tiempo y los materiales y cumple los plazos.",
              "Planifica con antelación los proyectos largos y ajusta el plan cuando algo cambia."),
    "HOW.5": ("Deja trabajos sin terminar; no siempre cumple sus compromisos.",
              "Termina la mayor parte del trabajo; necesita recordatorios para cumplir sus compromisos.",
              "Termina su trabajo, cumple sus compromisos y se hace responsable de su aprendizaje.",
              "Va más allá de lo pedido y ayuda a otros a cumplir sus compromisos."),
    "HOW.6": ("Describe lo que hizo, no lo que aprendió.",
              "Nombra una fortaleza con ayuda; sus metas son imprecisas.",
              "Reflexiona sobre su aprendizaje, nombra fortalezas y próximos pasos y se fija una meta.",
              "Sigue su progreso hacia sus metas con el tiempo y ajusta sus estrategias."),
}
