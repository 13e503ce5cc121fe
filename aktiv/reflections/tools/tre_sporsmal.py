from ..registry import QuestionsForm, tool

TOOL = tool(
    "tre-sporsmal",
    QuestionsForm,
    order=30,
    template_name="reflections/tools/questions.html",
)
