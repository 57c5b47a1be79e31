from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not mapping:
        return ""
    return mapping.get(key, "")


@register.filter
def aspect_unsure(opinion) -> bool:
    """An automatic aspect the clerk should check (below the classifier's `check_below`)."""
    from duizhao.cycle.classify import needs_check

    return bool(opinion.aspect_id) and not opinion.aspect_confirmed and needs_check(opinion.aspect_confidence)
