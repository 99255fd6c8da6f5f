"""placeholder"""
def reconcile(claims):
    return list(claims)
