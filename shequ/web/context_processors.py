def display(request):
    return {}
