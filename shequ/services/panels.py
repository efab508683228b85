from shequ.services.selectors import QUEUES, application_queues


def application_panel(*, user, today) -> dict:
    queues = application_queues(user=user, today=today)
    counts = [(name, label, queues[name].count()) for name, label in QUEUES]
    return {"queues": counts, "total": sum(count for _name, _label, count in counts)}
