from ..registry import QuestionsForm, tool

TOOL = tool(
    "kompetansereisen",
    QuestionsForm,
    order=40,
    template_name="reflections/tools/questions.html",
)
