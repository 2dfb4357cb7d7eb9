def import_staffing(path, into):
    raise NotImplementedError
