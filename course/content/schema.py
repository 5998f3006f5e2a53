"""The fields each content file may have: one place that says what is required, optional and valid."""

from course.domain.catalogue import Category

from . import fields as f

METHODS = ("highest", "latest", "average", "decaying_average", "n_times")

COURSE_FIELDS = {
    "id": f.Field(f.text),
    "title": f.Field(f.text),
    "introduction": f.Field(f.text),
    "units": f.Field(f.list_of(f.text)),
    "attainment": f.Field(f.mapping),
}
CATEGORY_POLICY_FIELDS = {
    "method": f.Field(f.one_of(*METHODS)),
    "threshold": f.Field(f.number(0, 1)),
    "min_items": f.Field(f.integer(1, 100), required=False),
    "weight": f.Field(f.number(0.01, 1), required=False),
    "times": f.Field(f.integer(1, 100), required=False),
}
COMPETENCE_POLICY_FIELDS = {
    "self_level": f.Field(f.integer(1, 4)),
    "trainer_level": f.Field(f.integer(1, 4)),
    "require_trainer": f.Field(f.boolean),
    "min_reflection_chars": f.Field(f.integer(0, 5000)),
}
UNIT_FIELDS = {
    "id": f.Field(f.text),
    "title": f.Field(f.text),
    "objectives": f.Field(f.list_of(f.text)),
    "outcomes": f.Field(f.list_of(f.mapping)),
}
OUTCOME_FIELDS = {
    "id": f.Field(f.text),
    "category": f.Field(f.one_of(*(c.value for c in Category))),
    "text": f.Field(f.text),
}
LESSON_FIELDS = {
    "title": f.Field(f.text),
    "minutes": f.Field(f.integer(1, 240)),
    "outcomes": f.Field(f.list_of(f.text)),
    "objectives": f.Field(f.list_of(f.integer(1, 99))),
}
GLOSSARY_TERM_FIELDS = {
    "id": f.Field(f.text),
    "term": f.Field(f.text),
    "definition": f.Field(f.text),
    "see": f.Field(f.list_of(f.text), required=False),
}
TEMPLATE_FIELDS = {"title": f.Field(f.text), "description": f.Field(f.text)}
TEMPLATE_EXAMPLE_FIELDS = {"title": f.Field(f.text)}
EXAMPLE_FIELDS = {"title": f.Field(f.text), "description": f.Field(f.text)}
DIAGRAM_FIELDS = {"title": f.Field(f.text)}
