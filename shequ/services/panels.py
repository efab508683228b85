from shequ.services.selectors import application_queues


def application_panel(*, user, today) -> dict:
    from shequ.services.views import QUEUES

    queues = application_queues(user=user, today=today)
    counts = [(name, label, queues[name].count()) for name, label in QUEUES]
    return {"queues": counts, "total": sum(count for _name, _label, count in counts)}
